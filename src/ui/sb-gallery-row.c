/* sb-gallery-row.c: one generation in the gallery
 *
 * Its prompt and style; while it runs, its state, an estimated progress and
 * a placeholder tile per picture asked for, filled in (with a brief
 * highlight) as pictures arrive; when it failed, why, and Retry. A sweep is
 * one row: a captioned tile per variant, the caption taking that variant's
 * settings back to the composer. Thumbnails decode in a worker thread at tile
 * size, and only while the row is on screen (GtkListView in GTK 4.8 keeps up
 * to 200 rows bound, most of them out of sight): the window says which rows
 * are shown, and the others drop their pictures. A click on a picture emits
 * ::open; a drag carries the file and the picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-gallery-row"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "sb-enums.h"
#include "sb-gallery-row.h"
#include "sb-tile-grid.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-sweep.h"
#include "sb-texture.h"
#include "sb-thumbnail.h"
#include "sb-widget-compat.h"
#include "sb-worker.h"

#define TILE 136
G_STATIC_ASSERT (TILE * 2 == SB_THUMBNAIL_SIZE);

struct _SbGalleryRow
{
  GtkWidget       parent_instance;

  SbGenerator    *generator;
  SbHistoryEntry *entry;
  GPtrArray      *members;      /* a sweep's entries, by variant; else just the entry */
  GCancellable   *cancellable;
  GtkWidget      *box;
  GtkLabel       *title;
  GtkLabel       *subtitle;
  GtkWidget      *status;
  GtkLabel       *waiting;      /* why a started job waits (an outage), on a line of its own */
  GtkProgressBar *progress;
  GtkWidget      *stop;
  SbTileGrid     *tiles;
  GtkWidget      *failure;      /* why a generation failed as a whole, and what to do */
  GHashTable     *tile_files;   /* picture tile -> its GFile */
  GPtrArray      *pictures;     /* the picture tiles, in order (the grid owns them) */
  guint           progress_source;
  gboolean        shown;
  gboolean        loaded;
  SbHistoryEntry *arrived;      /* its pictures just arrived: the next fill marks them */
};

G_DEFINE_FINAL_TYPE (SbGalleryRow, sb_gallery_row, GTK_TYPE_WIDGET)

enum {
  OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The same words as the jobs list, and none once done. */
static const char *
state_words (SbHistoryEntryState state)
{
  switch (state)
    {
    case SB_HISTORY_ENTRY_EXPIRED:
      return _("Expired: DashScope keeps tasks 24 hours");
    case SB_HISTORY_ENTRY_INCOMPLETE:
      return _("Some pictures not saved");
    case SB_HISTORY_ENTRY_DONE:
      return NULL;
    default:
      /* The others are a job's states, in its order. */
      return sb_job_state_get_label ((SbJobState) state);
    }
}

static gboolean
is_running (SbHistoryEntry *entry)
{
  return !sb_history_entry_is_finished (entry) && sb_history_entry_get_state (entry) != SB_HISTORY_ENTRY_INCOMPLETE;
}

static guint
count_running (SbGalleryRow *self)
{
  guint n = 0;

  for (guint i = 0; i < self->members->len; i++)
    n += is_running (g_ptr_array_index (self->members, i));
  return n;
}

/* The generation's own entries: a sweep's variants, not the edits of its pictures. */
static guint
count_variants (SbGalleryRow *self,
                guint        *running)
{
  guint n = 0;

  *running = 0;
  for (guint i = 0; i < self->members->len; i++)
    if (sb_history_entry_get_parent_entry (g_ptr_array_index (self->members, i)) == NULL)
      {
        n++;
        *running += is_running (g_ptr_array_index (self->members, i));
      }
  return n;
}

/* What the row is about: the style (or the sweep), when, and where it stands. */
static void
update_subtitle (SbGalleryRow *self)
{
  SbParams *params = sb_history_entry_get_params (self->entry);
  SbSweepKind sweep = sb_history_entry_get_sweep_kind (self->entry);
  const SbEngine *engine = sb_params_get_engine (params);
  g_autofree char *with_engine = NULL;
  g_autofree char *with_weight = NULL;
  const char *what = sweep == SB_SWEEP_WEIGHTS ? _("Sweep of sketch weights")
                     : sweep == SB_SWEEP_STYLES ? _("Sweep of styles")
                     : sweep == SB_SWEEP_ENGINES ? _("Sweep of engines")
                     : sweep == SB_SWEEP_STRENGTHS ? _("Sweep of strengths")
                     : sb_style_get_label (sb_params_get_style (params));
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (sb_history_entry_get_created_at (self->entry) / G_USEC_PER_SEC);
  /* Translators: when a generation was made, in g_date_time_format() terms; keep
   * the month a word or the year first, so 02/12 cannot be read two ways */
  g_autofree char *time = g_date_time_format (when, _("%-d %b %Y, %H:%M"));
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  guint running;
  guint variants = count_variants (self, &running);

  if (variants > 1 && running > 0)
    /* Translators: how many of a sweep's variants are done, e.g. "2 of 6 done" */
    state = g_strdup_printf (_("%u of %u done"), variants - running, variants);
  else if (variants == 1)
    {
      /* Why it waits, the job knows: under the bar, where it is not cut
       * off like the end of this line. */
      SbJob *job = self->generator != NULL && running > 0 ? sb_generator_find_job (self->generator, self->entry) : NULL;
      const char *reason = job != NULL ? sb_job_get_wait_reason (job) : NULL;

      state = g_strdup (state_words (sb_history_entry_get_state (self->entry)));
      gtk_label_set_label (self->waiting, reason != NULL ? reason : "");
      gtk_widget_set_visible (GTK_WIDGET (self->waiting), reason != NULL);
    }

  /* The weight, for an engine that takes one (a weight sweep shows each). */
  if (sweep != SB_SWEEP_WEIGHTS && sweep != SB_SWEEP_ENGINES && sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    /* Translators: a row's style and sketch weight, e.g. "Watercolor · weight 7" */
    what = with_weight = g_strdup_printf (_("%s · weight %d"), what, sb_params_get_sketch_weight (params));
  /* Any engine but the default is named: what it cost and made differs. */
  if (sweep != SB_SWEEP_ENGINES && engine != sb_engine_get_default ())
    what = with_engine = g_strdup_printf ("%s · %s", sb_engine_get_label (engine), what);
  text = state != NULL ? g_strdup_printf ("%s · %s · %s", what, time, state) : g_strdup_printf ("%s · %s", what, time);
  gtk_label_set_label (self->subtitle, text);
}

/* The estimated share done, over every variant. */
static gboolean
update_progress (gpointer user_data)
{
  SbGalleryRow *self = user_data;
  double typical = self->generator != NULL ? sb_generator_get_typical_duration (self->generator) : 15;
  gint64 now = g_get_real_time ();
  double sum = 0;

  for (guint i = 0; i < self->members->len; i++)
    sum += sb_history_entry_estimate_progress (g_ptr_array_index (self->members, i), typical, now);
  gtk_progress_bar_set_fraction (self->progress, sum / MAX (self->members->len, 1));
  update_subtitle (self);
  return G_SOURCE_CONTINUE;
}

static void
update_status (SbGalleryRow *self)
{
  gboolean running = self->entry != NULL && count_running (self) > 0;

  /* Kept in place (only hidden from view) so the row never changes height mid-run. */
  gtk_widget_set_visible (self->status, running);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (!running)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->waiting), FALSE);
      return;
    }

  update_progress (self);
  if (self->shown)
    self->progress_source = g_timeout_add (500, update_progress, self);
}

static void
on_thumbnail (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GtkPicture *picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);
  GdkFileList *files;
  GFile *file;
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) content = NULL;
  GtkDragSource *drag;

  if (texture == NULL)
    {
      g_object_unref (picture);
      return;
    }

  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));

  /* Dragged out: as the file, and as the picture. */
  file = g_task_get_task_data (G_TASK (result));
  files = gdk_file_list_new_from_array (&file, 1);
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, files);
  providers[1] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  g_boxed_free (GDK_TYPE_FILE_LIST, files);
  content = gdk_content_provider_new_union (providers, 2);
  drag = gtk_drag_source_new ();
  gtk_drag_source_set_content (drag, content);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  gtk_widget_add_controller (GTK_WIDGET (picture), GTK_EVENT_CONTROLLER (drag));

  g_object_unref (picture);
}

/* On the picture workers (sb-worker.c): the thumbnails arrive in order,
 * never taking every core from the frame that shows them. */
static void
decode_thumbnail (GTask        *task,
                  gpointer      source_object,
                  gpointer      file,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  /* The kept thumbnail, or the picture decoded (its header checked first). */
  pixbuf = sb_thumbnail_load (file, SB_THUMBNAIL_SIZE, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void
on_picture_clicked (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    SbGalleryRow    *self)
{
  GtkWidget *picture = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  g_signal_emit (self, signals[OPEN], 0, g_hash_table_lookup (self->tile_files, picture));
}

static gboolean
unparent_menu (gpointer popover)
{
  gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

static void
on_menu_closed (GtkPopover *popover)
{
  /* After the menu's action has run: it is the item's target. */
  g_idle_add_full (G_PRIORITY_DEFAULT, unparent_menu, g_object_ref (popover), g_object_unref);
}

/* A picture's own menu (secondary click, long press, Menu or Shift+F10):
 * over the drawing, its edits, Enlarge 2×, 3×, 4× each with its price,
 * before anything is spent. */
static void
show_picture_menu (SbGalleryRow *self,
                   GtkWidget    *picture,
                   double        x,
                   double        y)
{
  GFile *file = g_hash_table_lookup (self->tile_files, picture);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *popover;
  graphene_point_t at;

  /* On the row, which outlives its tiles (rebuilt as pictures arrive). */
  if (!gtk_widget_compute_point (picture, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &at))
    return;
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Show Over the Drawing"), NULL);

    g_menu_item_set_action_and_target_value (item, "win.stage-picture", g_variant_new_string (uri));
    g_menu_append_item (menu, item);
  }
  {
    /* Its edits, set up over the drawing (colouring is offered there, for
     * a picture with no colour). */
    const struct { const char *label; const SbEngine *engine; } edits[] = {
      { N_("_Repaint a Region…"), &sb_engine_repaint },
      { N_("_Extend the Frame…"), &sb_engine_extend },
      { N_("C_hange in Words…"), &sb_engine_change },
    };
    g_autoptr(GMenu) section = g_menu_new ();

    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (_(edits[i].label), NULL);

        g_menu_item_set_action_and_target_value (item, "win.edit-picture",
                                                 g_variant_new ("(ss)", uri, edits[i].engine->id));
        g_menu_append_item (section, item);
      }
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  {
    g_autoptr(GMenu) section = g_menu_new ();

    for (int factor = 2; factor <= sb_engine_enlarge.max_factor; factor++)
      {
        /* Translators: a picture's menu item: how much larger, then the price */
        g_autofree char *label = g_strdup_printf (_("Enlarge %d× · %.2f CNY"), factor, sb_engine_enlarge.price_cny);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

        g_menu_item_set_action_and_target_value (item, "win.enlarge", g_variant_new ("(si)", uri, factor));
        g_menu_append_item (section, item);
      }
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) at.x, (int) at.y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (on_menu_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_picture_secondary (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      SbGalleryRow    *self)
{
  show_picture_menu (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)), x, y);
}

static void
on_picture_long_press (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       SbGalleryRow        *self)
{
  show_picture_menu (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)), x, y);
}

/* Enter or Space on a focused picture opens it, as a click does. */
static gboolean
on_picture_key (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SbGalleryRow          *self)
{
  GtkWidget *picture = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (keys));

  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    {
      show_picture_menu (self, picture, gtk_widget_get_width (picture) / 2.0, gtk_widget_get_height (picture) / 2.0);
      return TRUE;
    }
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter &&
      keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space)
    return FALSE;

  g_signal_emit (self, signals[OPEN], 0, g_hash_table_lookup (self->tile_files, picture));
  return TRUE;
}

/* Tiles in as many columns as the pane has room for (two to four),
 * growing to fill it. */
static void
add_tile (SbGalleryRow *self,
          GtkWidget    *tile)
{
  sb_tile_grid_append (self->tiles, tile);
}

static void
clear (SbGalleryRow *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->tile_files != NULL)
    g_hash_table_remove_all (self->tile_files);
  if (self->pictures != NULL)
    g_ptr_array_set_size (self->pictures, 0);
  sb_tile_grid_remove_all (self->tiles);
  while ((child = gtk_widget_get_first_child (self->failure)) != NULL)
    gtk_box_remove (GTK_BOX (self->failure), child);
  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->members, i), self);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_object (&self->entry);
}

static void load_pictures (SbGalleryRow *self);
static void name_pictures (SbGalleryRow *self);

/* A label that never asks for more width than the pane has: long words
 * wrap (or end in "…") instead of widening the gallery. */
static GtkWidget *
narrow_label (const char *text,
              gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

static GtkWidget *
picture_tile (SbGalleryRow *self,
              GFile        *file)
{
  /* A button to the keyboard and to screen readers: focusable, opened
   * with Enter or Space. */
  GtkWidget *picture = g_object_new (GTK_TYPE_PICTURE,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_BUTTON,
                                     "focusable", TRUE,
                                     NULL);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *secondary, *long_press;
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "gallery-image");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_picture_key), self);
  gtk_widget_add_controller (picture, keys);
  if (self->arrived != NULL && g_file_has_parent (file, sb_history_entry_get_directory (self->arrived)))
    gtk_widget_add_css_class (picture, "arrived");
  gtk_widget_set_cursor_from_name (picture, "pointer");
  sb_set_new_tooltip (picture, _("Open, or drag it out; its menu shows it over the drawing, edits or enlarges it"));
  g_hash_table_insert (self->tile_files, picture, g_object_ref (file));
  g_ptr_array_add (self->pictures, picture);
  g_signal_connect (click, "released", G_CALLBACK (on_picture_clicked), self);
  gtk_widget_add_controller (picture, GTK_EVENT_CONTROLLER (click));
  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_picture_secondary), self);
  gtk_widget_add_controller (picture, GTK_EVENT_CONTROLLER (secondary));
  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_picture_long_press), self);
  gtk_widget_add_controller (picture, GTK_EVENT_CONTROLLER (long_press));
  gtk_widget_set_size_request (picture, TILE, TILE);
  return picture;
}

/* Where a picture asked for will be. */
static GtkWidget *
placeholder_tile (guint number,
                  guint total)
{
  g_autofree char *text = g_strdup_printf ("%u", number);
  /* Translators: a picture not made yet, e.g. "Picture 2 of 4, on its way" */
  g_autofree char *name = g_strdup_printf (_("Picture %u of %u, on its way"), number, total);
  GtkWidget *tile = narrow_label (text, FALSE);

  gtk_widget_add_css_class (tile, "placeholder-tile");
  gtk_widget_set_size_request (tile, TILE, TILE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return tile;
}

static GtkWidget *
failed_tile (const char *text)
{
  GtkWidget *tile = narrow_label (text, TRUE);

  gtk_widget_add_css_class (tile, "failed-tile");
  gtk_widget_set_size_request (tile, TILE, TILE);
  return tile;
}

/* A button to make a failed generation again, in the middle of a tile's place. */
static GtkWidget *
retry_tile (SbHistoryEntry *entry,
            const char     *tooltip,
            const char     *name)
{
  g_autofree char *uri = g_file_get_uri (sb_history_entry_get_directory (entry));
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (retry, TRUE);
  gtk_widget_add_css_class (retry, "pill");
  gtk_box_append (GTK_BOX (tile), retry);
  sb_set_new_tooltip (retry, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.retry");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", uri);
  gtk_widget_set_size_request (tile, TILE, TILE);
  return tile;
}

/* One picture the service failed to make, in a result that has others:
 * why (three lines at most, all of it in the tooltip), and Make Again, a
 * task of its own for that one picture, its price said first. */
static GtkWidget *
remake_tile (SbHistoryEntry *entry,
             const char     *why,
             guint           number,
             guint           total)
{
  g_autofree char *uri = g_file_get_uri (sb_history_entry_get_directory (entry));
  const SbEngine *engine = sb_params_get_engine (sb_history_entry_get_params (entry));
  /* Translators: the tooltip of a failed picture's Make Again, with its price */
  g_autofree char *tooltip = g_strdup_printf (_("Make this picture again: a new task of one picture, about %.2f CNY"),
                                              engine->price_cny);
  /* Translators: a failed picture's Make Again for screen readers, e.g. "Make picture 2 of 4 again (about 0.06 CNY)" */
  g_autofree char *name = g_strdup_printf (_("Make picture %u of %u again (about %.2f CNY)"), number, total,
                                           engine->price_cny);
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = narrow_label (why, TRUE);
  GtkWidget *remake = gtk_button_new_with_mnemonic (_("_Make Again"));

  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  sb_set_new_tooltip (label, why);
  gtk_box_append (GTK_BOX (tile), label);
  gtk_widget_set_halign (remake, GTK_ALIGN_CENTER);
  sb_set_new_tooltip (remake, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remake), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remake), "win.remake-one");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remake), "s", uri);
  gtk_box_append (GTK_BOX (tile), remake);
  gtk_widget_add_css_class (tile, "failed-tile");
  gtk_widget_set_size_request (tile, TILE, TILE);
  return tile;
}

/* Made again from the start (not an incomplete one: its Retry fetches). */
static gboolean
can_retry (SbHistoryEntry *entry)
{
  return sb_history_entry_can_retry (entry) && sb_history_entry_get_state (entry) != SB_HISTORY_ENTRY_INCOMPLETE;
}

/* One variant of a sweep: its picture (or where it will be, or why it
 * failed), captioned with what changed; the caption takes that back to the
 * composer. */
static GtkWidget *
sweep_cell (SbGalleryRow   *self,
            SbHistoryEntry *member)
{
  g_auto(GStrv) images = sb_history_entry_get_images (member);
  g_autofree char *label = sb_sweep_get_label (sb_history_entry_get_sweep_kind (member),
                                               sb_history_entry_get_sweep_index (member));
  g_autofree char *uri = g_file_get_uri (sb_history_entry_get_directory (member));
  /* Translators: a button under one variant of a sweep, e.g. "Use These Settings: Weight 4" */
  g_autofree char *name = g_strdup_printf (_("Use These Settings: %s"), label);
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = gtk_button_new ();
  GtkWidget *tile;

  if (images[0] != NULL)
    {
      g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (member), images[0]);

      tile = picture_tile (self, file);
    }
  else if (is_running (member))
    tile = placeholder_tile (sb_history_entry_get_sweep_index (member) + 1, self->members->len);
  else if (can_retry (member))
    tile = retry_tile (member, sb_history_entry_get_error (member) != NULL ? sb_history_entry_get_error (member) : label,
                       name);
  else
    tile = failed_tile (sb_history_entry_get_error (member) != NULL ? sb_history_entry_get_error (member) : label);
  gtk_box_append (GTK_BOX (cell), tile);

  gtk_button_set_child (GTK_BUTTON (caption), narrow_label (label, FALSE));
  gtk_widget_add_css_class (caption, "flat");
  gtk_widget_add_css_class (caption, "sweep-caption");
  sb_set_new_tooltip (caption, _("Use These Settings"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (caption), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (caption), "win.use-settings");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (caption), "s", uri);
  gtk_box_append (GTK_BOX (cell), caption);
  return cell;
}

/* An edit after the pictures (enlarged, repainted…): the new one (or where
 * it will be, or why it failed), captioned with what was done. */
static GtkWidget *
edit_cell (SbGalleryRow   *self,
           SbHistoryEntry *member)
{
  g_auto(GStrv) images = sb_history_entry_get_images (member);
  g_autofree char *described = sb_params_describe_edit (sb_history_entry_get_params (member));
  /* A sweep's edit says which variant it is ("Strength 0.4"). */
  g_autofree char *variant = sb_history_entry_get_sweep_kind (member) != SB_SWEEP_NONE
                             ? sb_sweep_get_label (sb_history_entry_get_sweep_kind (member),
                                                   sb_history_entry_get_sweep_index (member))
                             : NULL;
  g_autofree char *label = variant != NULL ? g_strdup_printf ("%s · %s", variant, described) : g_steal_pointer (&described);
  /* Translators: a failed edit's Retry, e.g. "Retry: 4× larger" */
  g_autofree char *name = g_strdup_printf (_("Retry: %s"), label);
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = narrow_label (label, FALSE);
  GtkWidget *tile;

  if (images[0] != NULL)
    {
      g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (member), images[0]);

      tile = picture_tile (self, file);
    }
  else if (is_running (member))
    tile = placeholder_tile (1, 1);
  else if (can_retry (member))
    tile = retry_tile (member, sb_history_entry_get_error (member) != NULL ? sb_history_entry_get_error (member) : label,
                       name);
  else
    tile = failed_tile (sb_history_entry_get_error (member) != NULL ? sb_history_entry_get_error (member) : label);
  gtk_box_append (GTK_BOX (cell), tile);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_box_append (GTK_BOX (cell), caption);
  return cell;
}

static void
add_edits (SbGalleryRow *self)
{
  for (guint i = 0; i < self->members->len; i++)
    if (sb_history_entry_get_parent_entry (g_ptr_array_index (self->members, i)) != NULL)
      add_tile (self, edit_cell (self, g_ptr_array_index (self->members, i)));
}

/* Every variant may go: the rule win.dismiss-failed applies too. */
static gboolean
can_dismiss (SbGalleryRow *self)
{
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < self->members->len; i++)
    if (!sb_history_entry_can_dismiss (g_ptr_array_index (self->members, i), now))
      return FALSE;
  return TRUE;
}

static void
on_failed_sketch (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkImage) image = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (image), texture != NULL);
}

/* Failed as a whole, before any picture: compact, beside the sketch it was
 * asked for (its settings are in the subtitle); why, and the ways on:
 * Retry, the setting that fixes it, and Dismiss. */
static void
add_failure (SbGalleryRow *self)
{
  GtkWidget *why = narrow_label (sb_history_entry_get_error (self->entry), TRUE);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *beside = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *sketch = gtk_image_new ();
  g_autoptr(GFile) sketch_file = g_file_get_child (sb_history_entry_get_directory (self->entry), "sketch.png");
  g_autofree char *uri = g_file_get_uri (sb_history_entry_get_directory (self->entry));
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

  gtk_image_set_pixel_size (GTK_IMAGE (sketch), 64);
  gtk_widget_set_valign (sketch, GTK_ALIGN_START);
  gtk_widget_set_visible (sketch, FALSE);
  gtk_widget_add_css_class (sketch, "failed-sketch");
  gtk_accessible_update_property (GTK_ACCESSIBLE (sketch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The sketch it was asked for"), -1);
  sb_texture_load_async (sketch_file, self->cancellable, on_failed_sketch, g_object_ref (sketch));
  gtk_box_append (GTK_BOX (beside), sketch);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (why, "failed-tile");
  gtk_label_set_xalign (GTK_LABEL (why), 0);
  gtk_label_set_lines (GTK_LABEL (why), 3);
  gtk_label_set_ellipsize (GTK_LABEL (why), PANGO_ELLIPSIZE_END);
  sb_set_new_tooltip (why, sb_history_entry_get_error (self->entry));
  gtk_box_append (GTK_BOX (text), why);
  gtk_box_append (GTK_BOX (text), actions);
  gtk_box_append (GTK_BOX (beside), text);
  gtk_box_append (GTK_BOX (self->failure), beside);

  /* Said before anything is spent: a task still at the service is asked
   * about again; only one that cannot give pictures is made (and paid) again. */
  if (sb_history_entry_has_open_task (self->entry, g_get_real_time ()))
    {
      sb_set_new_tooltip (retry, _("Ask DashScope again for this task’s pictures: nothing new is paid for"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Fetch this generation’s pictures"), -1);
    }
  else
    {
      sb_set_new_tooltip (retry, _("Make it again, as a new task: it is paid for like the first"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Retry this generation as a new task"), -1);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.retry");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", uri);
  gtk_box_append (GTK_BOX (actions), retry);
  if (sb_history_entry_get_error_in_preferences (self->entry))
    {
      GtkWidget *preferences = gtk_button_new_with_mnemonic (_("Open _Preferences"));

      sb_set_new_tooltip (preferences, _("The setting that fixes this is in Preferences"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (preferences), "app.preferences");
      gtk_box_append (GTK_BOX (actions), preferences);
    }
  /* Nothing of it to keep (no picture, no task the service still runs):
   * it can go, so failures do not pile up. */
  if (can_dismiss (self))
    {
      GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));

      sb_set_new_tooltip (dismiss, _("Remove this failed generation from the gallery"));
      gtk_widget_add_css_class (dismiss, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (dismiss), "win.dismiss-failed");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (dismiss), "s", uri);
      gtk_box_append (GTK_BOX (actions), dismiss);
    }
}

/* Every variant (or the one generation) failed without a picture. */
static gboolean
failed_as_a_whole (SbGalleryRow *self)
{
  if (sb_history_entry_get_error (self->entry) == NULL)
    return FALSE;
  for (guint i = 0; i < self->members->len; i++)
    {
      SbHistoryEntry *member = g_ptr_array_index (self->members, i);
      g_auto(GStrv) images = sb_history_entry_get_images (member);
      g_auto(GStrv) failures = sb_history_entry_get_failures (member);

      if (!can_retry (member) || images[0] != NULL || failures[0] != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
fill (SbGalleryRow *self)
{
  g_auto(GStrv) images = sb_history_entry_get_images (self->entry);
  g_auto(GStrv) failures = sb_history_entry_get_failures (self->entry);
  guint asked = sb_params_get_count (sb_history_entry_get_params (self->entry));

  update_status (self);

  if (failed_as_a_whole (self))
    {
      add_failure (self);
      goto done;
    }

  if (sb_history_entry_get_sweep_id (self->entry) != NULL)
    {
      for (guint i = 0; i < self->members->len; i++)
        if (sb_history_entry_get_parent_entry (g_ptr_array_index (self->members, i)) == NULL)
          add_tile (self, sweep_cell (self, g_ptr_array_index (self->members, i)));
      add_edits (self);
      goto done;
    }

  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (self->entry), images[i]);

      add_tile (self, picture_tile (self, file));
    }

  /* On its way: a place for each picture asked for, so nothing moves when it comes. */
  if (is_running (self->entry))
    for (guint i = g_strv_length (images); i < asked; i++)
      add_tile (self, placeholder_tile (i + 1, asked));

  for (guint i = 0; failures[i] != NULL; i++)
    add_tile (self, remake_tile (self->entry, failures[i], g_strv_length (images) + i + 1,
                                 g_strv_length (images) + g_strv_length (failures)));

  /* Pictures DashScope made that were not saved: fetched again on request
   * (and at the next start) while DashScope keeps them. */
  if (sb_history_entry_get_state (self->entry) == SB_HISTORY_ENTRY_INCOMPLETE)
    add_tile (self, retry_tile (self->entry, _("Download the pictures that were not saved"),
                                _("Retry the pictures that were not saved")));

  add_edits (self);

done:
  name_pictures (self);
  self->arrived = NULL;
  self->loaded = FALSE;
  if (self->shown)
    load_pictures (self);
}

/* Screen readers hear which picture of how many, and what it is of,
 * rather than "Generated image" four times. */
static void
name_pictures (SbGalleryRow *self)
{
  for (guint i = 0; i < self->pictures->len; i++)
    {
      GtkWidget *picture = g_ptr_array_index (self->pictures, i);
      GFile *file = g_hash_table_lookup (self->tile_files, picture);
      g_autoptr(GFile) directory = g_file_get_parent (file);
      SbHistoryEntry *made = self->entry;
      g_autofree char *what = NULL;
      g_autofree char *name = NULL;

      /* A sweep's pictures each come from their own variant. */
      for (guint m = 0; m < self->members->len; m++)
        if (g_file_equal (sb_history_entry_get_directory (g_ptr_array_index (self->members, m)), directory))
          made = g_ptr_array_index (self->members, m);
      what = sb_params_describe (sb_history_entry_get_params (made));
      /* Translators: a picture for a screen reader, e.g. "Picture 2 of 4: a fox, Watercolor, weight 7" */
      name = g_strdup_printf (_("Picture %u of %u: %s"), i + 1, self->pictures->len, what);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

/* Decodes the thumbnails, in worker threads. */
static void
load_pictures (SbGalleryRow *self)
{
  if (self->loaded || self->entry == NULL)
    return;

  self->loaded = TRUE;
  for (guint i = 0; i < self->pictures->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (self->pictures, i);
      GFile *file = g_hash_table_lookup (self->tile_files, child);
      g_autoptr(GTask) task = NULL;

      task = g_task_new (NULL, self->cancellable, on_thumbnail, g_object_ref (child));
      g_task_set_task_data (task, g_object_ref (file), g_object_unref);
      sb_worker_run (task, decode_thumbnail);
    }
}

/* Drops the thumbnails (a row far out of sight). */
static void
unload_pictures (SbGalleryRow *self)
{
  if (!self->loaded)
    return;

  self->loaded = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < self->pictures->len; i++)
    gtk_picture_set_paintable (g_ptr_array_index (self->pictures, i), NULL);
}

/**
 * sb_gallery_row_set_shown:
 *
 * Whether the row is on screen (or nearly): only then it holds pictures.
 */
void
sb_gallery_row_set_shown (SbGalleryRow *self,
                          gboolean      shown)
{
  g_return_if_fail (SB_IS_GALLERY_ROW (self));

  if (self->shown == shown)
    return;
  self->shown = shown;
  if (shown)
    load_pictures (self);
  else
    unload_pictures (self);
  /* The estimate ticks only on screen. */
  update_status (self);
}

static void
on_entry_state (SbHistoryEntry *member,
                GParamSpec     *pspec,
                SbGalleryRow   *self)
{
  g_autoptr(SbHistoryEntry) entry = g_object_ref (self->entry);

  /* A variant finished: its pictures are there now, shown with a highlight. */
  self->arrived = !is_running (member) ? member : NULL;
  sb_gallery_row_set_entry (self, entry);
}

/**
 * sb_gallery_row_set_entry:
 * @entry: (nullable): a generation, or the first variant of a sweep
 */
void
sb_gallery_row_set_entry (SbGalleryRow   *self,
                          SbHistoryEntry *entry)
{
  SbHistoryEntry *arrived;

  g_return_if_fail (SB_IS_GALLERY_ROW (self));

  /* The member stays alive: the new members hold it too. */
  arrived = self->arrived;
  clear (self);
  self->arrived = arrived;
  if (entry == NULL)
    return;

  self->entry = g_object_ref (entry);
  if (self->generator != NULL)
    self->members = sb_history_get_generation (sb_generator_get_history (self->generator), entry);
  else
    {
      self->members = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->members, g_object_ref (entry));
    }

  self->cancellable = g_cancellable_new ();
  gtk_label_set_label (self->title, sb_params_get_prompt (sb_history_entry_get_params (entry)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sb_params_get_prompt (sb_history_entry_get_params (entry)), -1);
  update_subtitle (self);
  for (guint i = 0; i < self->members->len; i++)
    g_signal_connect (g_ptr_array_index (self->members, i), "notify::state", G_CALLBACK (on_entry_state), self);
  fill (self);
}

/* Returns: (transfer none) (nullable): the generation shown */
SbHistoryEntry *
sb_gallery_row_get_entry (SbGalleryRow *self)
{
  g_return_val_if_fail (SB_IS_GALLERY_ROW (self), NULL);

  return self->entry;
}

static void
on_stop_clicked (SbGalleryRow *self)
{
  g_autofree char *uri = NULL;

  if (self->entry == NULL)
    return;
  uri = g_file_get_uri (sb_history_entry_get_directory (self->entry));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.stop-generation", "s", uri);
}

static void
sb_gallery_row_dispose (GObject *object)
{
  SbGalleryRow *self = SB_GALLERY_ROW (object);

  clear (self);
  g_clear_object (&self->generator);
  /* A picture's menu still open. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)), *next; child != NULL; child = next)
    {
      next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_POPOVER (child))
        gtk_widget_unparent (child);
    }
  g_clear_pointer (&self->tile_files, g_hash_table_unref);
  g_clear_pointer (&self->pictures, g_ptr_array_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sb_gallery_row_parent_class)->dispose (object);
}

static void
sb_gallery_row_class_init (SbGalleryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_gallery_row_dispose;

  /**
   * SbGalleryRow::open:
   * @file: the picture clicked
   */
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "galleryrow");
  /* A group named by its prompt: a screen reader never hears the type name. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sb_gallery_row_init (SbGalleryRow *self)
{
  self->tile_files = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->pictures = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = GTK_LABEL (narrow_label (NULL, FALSE));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));

  self->subtitle = GTK_LABEL (narrow_label (NULL, FALSE));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->subtitle));

  /* While it runs: the estimated progress, and a way to stop it. */
  self->status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Estimated progress"), -1);
  gtk_box_append (GTK_BOX (self->status), GTK_WIDGET (self->progress));
  self->stop = gtk_button_new_from_icon_name ("process-stop-symbolic");
  gtk_widget_add_css_class (self->stop, "flat");
  gtk_widget_set_tooltip_text (self->stop, _("Stop this generation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop this generation"), -1);
  g_signal_connect_swapped (self->stop, "clicked", G_CALLBACK (on_stop_clicked), self);
  gtk_box_append (GTK_BOX (self->status), self->stop);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->status);
  self->waiting = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->waiting, TRUE);
  gtk_label_set_wrap_mode (self->waiting, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->waiting, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->waiting), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->waiting), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->waiting), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->waiting));

  self->failure = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (self->box), self->failure);
  self->tiles = SB_TILE_GRID (sb_tile_grid_new (TILE));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->tiles));
}

/* An edit of one of this row's pictures came or went: shown again. */
static void
on_generation_changed (SbGalleryRow   *self,
                       SbHistoryEntry *entry)
{
  if (self->members != NULL && g_ptr_array_find (self->members, entry, NULL))
    sb_gallery_row_set_entry (self, self->entry);
}

/* @generator: (nullable): for a sweep's variants and the typical duration */
GtkWidget *
sb_gallery_row_new (SbGenerator *generator)
{
  SbGalleryRow *self = g_object_new (SB_TYPE_GALLERY_ROW, NULL);

  self->generator = generator != NULL ? g_object_ref (generator) : NULL;
  if (generator != NULL)
    g_signal_connect_object (sb_generator_get_history (generator), "generation-changed",
                             G_CALLBACK (on_generation_changed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
