/* sb-image-viewer.c: one generated picture, large, with what can be done with it
 *
 * A page of the main window, in place of the drawing (SbPageStack), titled
 * with what made the picture; fitted to the room, at 1:1 or zoomed; the
 * sketch that was sent beside it (under it, narrow); a filmstrip of the
 * generation's pictures, which previous, next, Home and End walk; Delete
 * moves on to the next; Back and Escape return to the drawing. Two
 * labelled main actions (Use as Sketch, Save As…), the rest in a menu,
 * Delete last. Save As copies the file where the user
 * chooses (through the file chooser portal in a sandbox); Copy puts the
 * picture on the clipboard; Send to Canvas makes it the sketch (the main
 * window's win.send-to-canvas); Show in Folder opens its folder. The picture
 * decodes off the main thread (sb_texture_load_async).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-image-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-engine.h"
#include "sb-image-viewer.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-texture.h"
#include "sb-widget-compat.h"

struct _SbImageViewer
{
  AdwBin           parent_instance;

  GPtrArray       *files;      /* of GFile, the gallery's order */
  SbHistory       *history;    /* what made each picture, for the title */
  guint            position;
  GdkTexture      *texture;
  GCancellable    *cancellable;
  GCancellable    *load_cancellable;  /* the picture on show's decoding */
  char            *title;

  GFile           *sketch;     /* shown beside the picture */
  gboolean         moving;     /* the filmstrip follows the position */

  AdwToastOverlay *toast_overlay;
  GtkPicture      *picture;
  AdwHeaderBar    *header;
  AdwWindowTitle  *window_title;
  GtkBox          *body;
  GtkWidget       *picture_overlay;
  GtkWidget       *save_button;
  AdwButtonContent *use_content;
  GtkWidget       *sketch_pane;
  GtkImage        *sketch_picture;
  GtkBox          *filmstrip;
  GMenu           *more_menu;
  GtkWidget       *picture_scroller;
  GtkWidget       *actual_size_button;
  double           zoom;              /* 0: fitted to the room; else a scale */
  gboolean         compact;
  guint            compact_id;
  GMenu           *enlarge_section;   /* the factors the picture shown can take */
  GMenu           *compact_section;   /* what the header has no room for, narrow */
};

G_DEFINE_FINAL_TYPE (SbImageViewer, sb_image_viewer, ADW_TYPE_BIN)

static void
toast (SbImageViewer *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Fitted, every pixel (Ctrl+1), or zoomed in and out (Ctrl+plus and
 * minus, Ctrl+scroll) from either: an enlarged picture is looked at closely. */
enum {
  PROP_0,
  PROP_ACTUAL_SIZE,
  PROP_ZOOM,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double zoom_levels[] = { 0.125, 0.25, 0.33, 0.5, 0.67, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0 };

static void
set_zoom (SbImageViewer *self,
          double         zoom)
{
  gboolean was_actual = self->zoom == 1.0;
  int width = self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
  int height = self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;

  zoom = zoom <= 0 ? 0 : CLAMP (zoom, zoom_levels[0], zoom_levels[G_N_ELEMENTS (zoom_levels) - 1]);
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  /* Zoomed, the picture asks for its size and the scroller scrolls it. */
  if (zoom > 0 && width > 0)
    gtk_widget_set_size_request (GTK_WIDGET (self->picture), (int) (width * zoom), (int) (height * zoom));
  else
    gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
  gtk_widget_set_halign (GTK_WIDGET (self->picture), zoom > 0 ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  gtk_widget_set_valign (GTK_WIDGET (self->picture), zoom > 0 ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (was_actual != (zoom == 1.0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTUAL_SIZE]);
}

/* The scale the picture is shown at now, fitted or not. */
static double
shown_scale (SbImageViewer *self)
{
  int width, height;

  if (self->zoom > 0 || self->texture == NULL)
    return self->zoom > 0 ? self->zoom : 1.0;
  width = gdk_texture_get_width (self->texture);
  height = gdk_texture_get_height (self->texture);
  return MIN ((double) gtk_widget_get_width (GTK_WIDGET (self->picture)) / width,
              (double) gtk_widget_get_height (GTK_WIDGET (self->picture)) / height);
}

/* One level further in (@direction 1) or out (-1) from the scale shown. */
static void
zoom_step (SbImageViewer *self,
           int            direction)
{
  double scale = shown_scale (self);

  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
        if (zoom_levels[i] > scale * 1.01)
          {
            set_zoom (self, zoom_levels[i]);
            return;
          }
    }
  else
    {
      for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
        if (zoom_levels[i - 1] < scale / 1.01)
          {
            set_zoom (self, zoom_levels[i - 1]);
            return;
          }
    }
}

/* Ctrl+0 fits it; Ctrl+1 shows every pixel; Ctrl+plus and minus zoom. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.zoom-in"))
    zoom_step (self, 1);
  else if (g_str_equal (action_name, "viewer.zoom-out"))
    zoom_step (self, -1);
  else
    set_zoom (self, g_str_equal (action_name, "viewer.zoom-actual") ? 1.0 : 0);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SbImageViewer            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return GDK_EVENT_PROPAGATE;
  zoom_step (self, dy < 0 ? 1 : -1);
  return GDK_EVENT_STOP;
}

static void
sb_image_viewer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTUAL_SIZE:
      g_value_set_boolean (value, SB_IMAGE_VIEWER (object)->zoom == 1.0);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, SB_IMAGE_VIEWER (object)->zoom);
      break;

    case PROP_TITLE:
      g_value_set_string (value, SB_IMAGE_VIEWER (object)->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_image_viewer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTUAL_SIZE:
      set_zoom (SB_IMAGE_VIEWER (object), g_value_get_boolean (value) ? 1.0 : 0);
      break;

    case PROP_ZOOM:
      set_zoom (SB_IMAGE_VIEWER (object), g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Making more from the picture: Same Seed, then Enlarge 2×, 3×, 4×, each
 * with the size it makes and its price, before anything is spent; only the
 * factors whose result the app can take. */
static void
update_enlarge_section (SbImageViewer *self)
{
  int side = self->texture != NULL ? MAX (gdk_texture_get_width (self->texture),
                                          gdk_texture_get_height (self->texture)) : 0;

  g_menu_remove_all (self->enlarge_section);
  g_menu_append (self->enlarge_section, _("Same _Seed, to Vary the Prompt"), "viewer.same-seed");
  for (int factor = 2; side > 0 && factor <= sb_engine_enlarge.max_factor; factor++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (side * factor > SB_IMAGE_MAX_SIDE || side < sb_engine_enlarge.min_side)
        continue;
      /* Translators: a menu item: how much larger, the size it makes, the price */
      label = g_strdup_printf (_("Enlarge %d× (%d px) · %.2f CNY"), factor, side * factor, sb_engine_enlarge.price_cny);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "viewer.enlarge", g_variant_new_int32 (factor));
      g_menu_append_item (self->enlarge_section, item);
    }
}

static void
enlarge_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  if (!gtk_widget_activate_action (widget, "win.enlarge", "(si)", uri, g_variant_get_int32 (parameter)))
    return;
  toast (self, _("Enlarging: the larger picture comes beside this one in the gallery"));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  g_set_object (&self->texture, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  /* A zoom chosen before the picture came applies now. */
  if (self->zoom > 0)
    {
      double zoom = self->zoom;

      self->zoom = 0;
      set_zoom (self, zoom);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy", TRUE);
  update_enlarge_section (self);
}

static void
on_sketch_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  /* A sketch that was already online was never kept: no pane then. */
  gtk_image_set_from_paintable (self->sketch_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->sketch_pane, texture != NULL);
}

/* The sketch that made the picture at the current position. */
static void
show_sketch (SbImageViewer  *self,
             SbHistoryEntry *entry)
{
  /* An enlargement's "sketch" is the picture it enlarged: no sketch to show. */
  gboolean drawn = entry != NULL && sb_params_get_engine (sb_history_entry_get_params (entry))->kind == SB_ENGINE_DRAWS;
  g_autoptr(GFile) sketch = drawn ? g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png") : NULL;

  if (sketch == NULL)
    {
      g_clear_object (&self->sketch);
      gtk_widget_set_visible (self->sketch_pane, FALSE);
      return;
    }
  if (self->sketch != NULL && g_file_equal (self->sketch, sketch))
    return;

  g_set_object (&self->sketch, sketch);
  sb_texture_load_async (sketch, self->cancellable, on_sketch_loaded, g_object_ref (self));
}

static void
update_filmstrip (SbImageViewer *self)
{
  guint i = 0;

  self->moving = TRUE;
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip)); item != NULL;
       item = gtk_widget_get_next_sibling (item), i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (item), i == self->position);
  self->moving = FALSE;
}

/* Titled with what made the picture: its prompt; then its style, weight
 * and place ("Watercolor · weight 7 · 2 of 4"). A file name says nothing. */
static void
show_position (SbImageViewer *self)
{
  GFile *file = sb_image_viewer_get_file (self);
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  if (entry != NULL)
    {
      SbParams *params = sb_history_entry_get_params (entry);
      g_autofree char *what = sb_params_describe (params);

      /* Translators: a picture for a screen reader, e.g. "Picture 2 of 4: a fox, Watercolor, weight 7" */
      name = g_strdup_printf (_("Picture %u of %u: %s"), self->position + 1, self->files->len, what);

      const SbEngine *engine = sb_params_get_engine (params);

      title = g_strdup (sb_params_get_prompt (params));
      if (sb_engine_takes (engine, SB_ENGINE_TAKES_FACTOR))
        /* Translators: an enlarged picture: how much larger · which picture of how many */
        subtitle = g_strdup_printf (_("%d× larger · %u of %u"), sb_params_get_factor (params),
                                    self->position + 1, self->files->len);
      else if (sb_engine_takes (engine, SB_ENGINE_TAKES_SEED))
        {
          g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, sb_params_get_seed (params));

          /* Translators: engine · style · the seed it was made with · which picture of how many */
          subtitle = g_strdup_printf (_("%s · %s · seed %s · %u of %u"), sb_engine_get_label (engine),
                                      sb_style_get_label (sb_params_get_style (params)), seed,
                                      self->position + 1, self->files->len);
        }
      else
        /* Translators: style · sketch weight · which picture of how many */
        subtitle = g_strdup_printf (_("%s · weight %d · %u of %u"), sb_style_get_label (sb_params_get_style (params)),
                                    sb_params_get_sketch_weight (params), self->position + 1, self->files->len);
    }
  else
    {
      title = g_file_get_basename (file);
      subtitle = g_strdup_printf (_("%u of %u"), self->position + 1, self->files->len);
      name = g_strdup_printf (_("Picture %u of %u: %s"), self->position + 1, self->files->len, title);
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* The window's title while the page is on show (the window list, screen readers). */
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next", self->position + 1 < self->files->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy", FALSE);
  /* Same Seed: for a drawn picture whose seed is known (an edit's Reuse
   * sets the edit up again instead). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.same-seed",
                                 entry != NULL && sb_params_get_seed (sb_history_entry_get_params (entry)) >= 0 &&
                                 sb_params_get_engine (sb_history_entry_get_params (entry))->kind == SB_ENGINE_DRAWS &&
                                 sb_engine_takes (sb_params_get_engine (sb_history_entry_get_params (entry)),
                                                  SB_ENGINE_TAKES_SEED));

  g_clear_object (&self->texture);
  set_zoom (self, 0);
  /* A picture stepped past may still be decoding: it must not land after
   * this one. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  sb_texture_load_async (file, self->load_cancellable, on_loaded, g_object_ref (self));
  show_sketch (self, entry);
  update_filmstrip (self);
}

static void
on_strip_thumbnail (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
on_strip_toggled (GtkToggleButton *item,
                  SbImageViewer   *self)
{
  guint i = 0;

  if (self->moving || !gtk_toggle_button_get_active (item))
    {
      /* The current one stays pressed. */
      if (!self->moving)
        update_filmstrip (self);
      return;
    }

  for (GtkWidget *other = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip)); other != NULL;
       other = gtk_widget_get_next_sibling (other), i++)
    if (other == GTK_WIDGET (item))
      {
        self->position = i;
        show_position (self);
        return;
      }
}

/* A small picture per file; the current one pressed. */
static void
build_filmstrip (SbImageViewer *self)
{
  GtkWidget *item;

  while ((item = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip))) != NULL)
    gtk_box_remove (self->filmstrip, item);

  for (guint i = 0; i < self->files->len; i++)
    {
      GtkWidget *picture = gtk_picture_new ();
      /* Translators: a picture in the viewer's filmstrip, e.g. "Picture 2 of 4" */
      g_autofree char *name = g_strdup_printf (_("Picture %u of %u"), i + 1, self->files->len);

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_size_request (picture, 56, 56);
      item = gtk_toggle_button_new ();
      gtk_button_set_child (GTK_BUTTON (item), picture);
      gtk_widget_add_css_class (item, "flat");
      gtk_widget_add_css_class (item, "filmstrip-item");
      gtk_widget_set_tooltip_text (item, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect (item, "toggled", G_CALLBACK (on_strip_toggled), self);
      gtk_box_append (self->filmstrip, item);
      sb_texture_load_async (g_ptr_array_index (self->files, i), self->cancellable, on_strip_thumbnail,
                             g_object_ref (picture));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->filmstrip)), self->files->len > 1);
}

static void
step (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.previous") && self->position > 0)
    self->position--;
  else if (g_str_equal (action_name, "viewer.next") && self->position + 1 < self->files->len)
    self->position++;
  else if (g_str_equal (action_name, "viewer.first") && self->position > 0)
    self->position = 0;
  else if (g_str_equal (action_name, "viewer.last") && self->position + 1 < self->files->len)
    self->position = self->files->len - 1;
  else
    return;

  show_position (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  if (self->texture == NULL)
    return;

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), self->texture);
  toast (self, _("Copied to the clipboard"));
}

/* Saved: where to, and the way to it (Open, Show in Folder), over the
 * picture rather than the filmstrip. */
static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbImageViewer *self = g_task_get_source_object (task);
  GFile *destination = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;
  AdwToast *saved;
  GtkWidget *title;
  GtkWidget *folder_button;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  uri = g_file_get_uri (destination);
  basename = g_file_get_basename (destination);
  /* Translators: a toast after Save As, e.g. "Saved as fox-2.png" */
  text = g_strdup_printf (_("Saved as %s"), basename);
  title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (title), gtk_label_new (text));
  folder_button = gtk_button_new_with_mnemonic (_("Show in _Folder"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (folder_button), "viewer.show-saved");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (folder_button), "s", uri);
  gtk_box_append (GTK_BOX (title), folder_button);

  saved = adw_toast_new (text);
  adw_toast_set_custom_title (saved, title);
  adw_toast_set_button_label (saved, _("_Open"));
  adw_toast_set_action_name (saved, "viewer.open-saved");
  adw_toast_set_action_target_value (saved, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, saved);
}

/* The file chooser's answer lands here, as does a test's path. */
static void
save_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  g_autoptr(GFile) destination = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  GTask *task = g_task_new (self, self->cancellable, NULL, NULL);

  g_task_set_task_data (task, g_object_ref (destination), g_object_unref);
  g_file_copy_async (sb_image_viewer_get_file (self), destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     self->cancellable, NULL, NULL, on_saved, task);
}

static void
save_to (SbImageViewer *self,
         GFile         *destination)
{
  g_autofree char *uri = g_file_get_uri (destination);

  gtk_widget_activate_action (GTK_WIDGET (self), "viewer.save-to", "s", uri);
}

static void
on_save_chosen (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GFile) file = sb_choose_file_finish (result, NULL);

  if (file != NULL)
    save_to (self, file);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GFile *file = sb_image_viewer_get_file (self);
  g_autofree char *basename = g_file_get_basename (file);
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  g_autofree char *name = entry != NULL ? sb_history_entry_suggest_name (entry, basename) : g_strdup (basename);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = pictures != NULL ? g_file_new_for_path (pictures) : NULL;

  /* Named for what it shows, in the Pictures folder: not a UUID in the
   * folder the app was started from. */
  sb_choose_file_async (GTK_WINDOW (gtk_widget_get_root (widget)), SB_CHOOSE_SAVE, _("Save Picture"), _("_Save"),
                        NULL, folder, name, self->cancellable, on_save_chosen, g_object_ref (self));
}

static void
send_to_canvas_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  gtk_widget_activate_action (widget, "win.send-to-canvas", "s", uri);
  gtk_widget_activate_action (widget, "page.back", NULL);
}

/* The main window's to do: it knows the history and the canvas. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  gtk_widget_activate_action (widget,
                                g_str_equal (action_name, "viewer.delete") ? "win.delete-image" :
                                g_str_equal (action_name, "viewer.trace") ? "win.trace" :
                                g_str_equal (action_name, "viewer.same-seed") ? "win.same-seed" : "win.reuse",
                                "s", uri);

  /* Deleted (Undo is on the main window): on to the next picture, or the
   * one before the last; back to the drawing with the last one. */
  if (g_str_equal (action_name, "viewer.delete") && self->files->len > 1)
    {
      g_ptr_array_remove_index (self->files, self->position);
      self->position = MIN (self->position, self->files->len - 1);
      build_filmstrip (self);
      show_position (self);
      return;
    }
  gtk_widget_activate_action (widget, "page.back", NULL);
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (sb_show_in_folder_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Say why (in a sandbox: the desktop had no app to offer). */
  if (g_task_get_source_tag (G_TASK (result)) == sb_open_file_async)
    text = g_strdup_printf (_("The picture could not be opened: %s"), error->message);
  else
    text = g_strdup_printf (_("The folder could not be shown: %s"), error->message);
  toast (self, text);
}

/* This picture's folder; or, from the Saved toast, a saved copy's, or
 * the copy itself. */
static void
launch_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autoptr(GFile) file = parameter != NULL ? g_file_new_for_uri (g_variant_get_string (parameter, NULL))
                                            : g_object_ref (sb_image_viewer_get_file (self));

  if (g_str_equal (action_name, "viewer.open-saved"))
    sb_open_file_async (window, file, self->cancellable, on_launched, g_object_ref (self));
  else
    sb_show_in_folder_async (window, file, self->cancellable, on_launched, g_object_ref (self));
}

/* Narrow: the sketch under the picture, the header's buttons by their
 * icons (their names stay for screen readers and tooltips). Set from the
 * width given, and by the window before the first frame (a first frame
 * in the wide form would widen a phone-sized window). */
void
sb_image_viewer_set_compact (SbImageViewer *self,
                             gboolean       compact)
{
  g_return_if_fail (SB_IS_IMAGE_VIEWER (self));

  compact = !!compact;
  if (compact == self->compact)
    return;
  self->compact = compact;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body),
                                  compact ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_image_set_pixel_size (self->sketch_picture, compact ? 120 : 260);
  gtk_widget_set_halign (self->sketch_pane, compact ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  if (compact)
    gtk_box_reorder_child_after (self->body, self->sketch_pane, self->picture_overlay);
  else
    gtk_box_reorder_child_after (self->body, self->sketch_pane, NULL);
  /* Ctrl+1 and the menu still have Actual Size; Ctrl+S and the menu Save As. */
  gtk_widget_set_visible (self->actual_size_button, !compact);
  gtk_widget_set_visible (self->save_button, !compact);
  g_menu_remove_all (self->compact_section);
  if (compact)
    g_menu_append (self->compact_section, _("_Save As…"), "viewer.save-as");
  adw_button_content_set_label (self->use_content, compact ? "" : _("_Use as Sketch"));
}

static gboolean
update_compact (gpointer user_data)
{
  SbImageViewer *self = user_data;

  self->compact_id = 0;
  sb_image_viewer_set_compact (self, gtk_widget_get_width (GTK_WIDGET (self)) < SB_IMAGE_VIEWER_COMPACT_WIDTH);
  return G_SOURCE_REMOVE;
}

/* Measured and laid out here rather than by a layout manager, to see the
 * width given; the change waits for the frame after, not while being laid
 * out. */
static void
sb_image_viewer_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
sb_image_viewer_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  if ((width < SB_IMAGE_VIEWER_COMPACT_WIDTH) != self->compact && self->compact_id == 0)
    self->compact_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_compact, self, NULL);
}

static void
sb_image_viewer_dispose (GObject *object)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->compact_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_IMAGE_VIEWER);
  g_clear_object (&self->texture);
  g_clear_object (&self->sketch);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->enlarge_section);
  g_clear_object (&self->compact_section);

  G_OBJECT_CLASS (sb_image_viewer_parent_class)->dispose (object);
}

static void
sb_image_viewer_finalize (GObject *object)
{
  g_free (SB_IMAGE_VIEWER (object)->title);

  G_OBJECT_CLASS (sb_image_viewer_parent_class)->finalize (object);
}

static void
sb_image_viewer_class_init (SbImageViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_image_viewer_dispose;
  object_class->finalize = sb_image_viewer_finalize;
  object_class->get_property = sb_image_viewer_get_property;
  object_class->set_property = sb_image_viewer_set_property;
  widget_class->measure = sb_image_viewer_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  widget_class->size_allocate = sb_image_viewer_size_allocate;

  /**
   * SbImageViewer:actual-size:
   *
   * Every pixel shown (the picture scrolls), rather than the whole fitted.
   */
  properties[PROP_ACTUAL_SIZE] =
    g_param_spec_boolean ("actual-size", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SbImageViewer:zoom:
   *
   * The scale the picture is shown at; 0 when fitted to the room.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, 8, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SbImageViewer:title:
   *
   * What made the picture on show (its prompt), for the window's title.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-image-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, header);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, body);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, picture_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, save_button);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, use_content);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, sketch_pane);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, sketch_picture);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, filmstrip);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, more_menu);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, picture_scroller);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, actual_size_button);

  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.first", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.last", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-to", "s", save_to_action);
  gtk_widget_class_install_action (widget_class, "viewer.send-to-canvas", NULL, send_to_canvas_action);
  gtk_widget_class_install_action (widget_class, "viewer.show-in-folder", NULL, launch_action);
  gtk_widget_class_install_action (widget_class, "viewer.show-saved", "s", launch_action);
  gtk_widget_class_install_action (widget_class, "viewer.open-saved", "s", launch_action);
  gtk_widget_class_install_action (widget_class, "viewer.delete", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.reuse", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.trace", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.same-seed", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.enlarge", "i", enlarge_action);
  gtk_widget_class_install_property_action (widget_class, "viewer.actual-size", "actual-size");
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-actual", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "viewer.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "page.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "viewer.zoom-actual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.delete", NULL);
}

static void
sb_image_viewer_init (SbImageViewer *self)
{
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_Left, "viewer.previous" },
    { GDK_KEY_Right, "viewer.next" },
    { GDK_KEY_Home, "viewer.first" },
    { GDK_KEY_End, "viewer.last" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* Ctrl+scroll zooms, before the scroller scrolls. */
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (self->picture_scroller, scroll);
#if !ADW_CHECK_VERSION (1, 4, 0)
  /* The navigation view's header bars bring their own back button. */
  {
    GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

    gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "page.back");
    gtk_widget_set_tooltip_text (back, _("Back to the Drawing (Escape)"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
    adw_header_bar_pack_start (self->header, back);
  }
#endif
  self->cancellable = g_cancellable_new ();
  self->enlarge_section = g_menu_new ();
  /* After the first section, whose order the keyboard knows; before Delete. */
  g_menu_insert_section (self->more_menu, 1, NULL, G_MENU_MODEL (self->enlarge_section));
  self->compact_section = g_menu_new ();
  g_menu_insert_section (self->more_menu, 0, NULL, G_MENU_MODEL (self->compact_section));
  sb_hide_tooltips_over_menus (GTK_WIDGET (self));

  /* In the capture phase: the arrows change the picture wherever the focus
   * is, rather than moving it along the header bar. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * sb_image_viewer_new:
 * @files: (element-type GFile): the pictures to walk through: a generation's
 * @position: the one to show first
 * @history: (nullable): what made them, for the title
 */
SbImageViewer *
sb_image_viewer_new (GPtrArray *files,
                     guint      position,
                     SbHistory *history)
{
  SbImageViewer *self;

  g_return_val_if_fail (files != NULL && position < files->len, NULL);

  self = g_object_new (SB_TYPE_IMAGE_VIEWER, NULL);
  /* A copy: Delete takes pictures out of it. */
  self->files = g_ptr_array_copy (files, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (self->files, g_object_unref);
  self->history = history != NULL ? g_object_ref (history) : NULL;
  self->position = position;
  build_filmstrip (self);
  show_position (self);

  return self;
}

GFile *
sb_image_viewer_get_file (SbImageViewer *self)
{
  g_return_val_if_fail (SB_IS_IMAGE_VIEWER (self), NULL);

  return g_ptr_array_index (self->files, self->position);
}
