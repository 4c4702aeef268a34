/* sb-gallery-row.c: one generation in the gallery
 *
 * Its prompt and style, its state while it runs, and a tile per image: the
 * picture, or why it failed. Thumbnails decode in a worker thread at tile
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
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-job-row.h"
#include "sb-style.h"

#define TILE 136

struct _SbGalleryRow
{
  GtkWidget       parent_instance;

  SbHistoryEntry *entry;
  GCancellable   *cancellable;
  GtkWidget      *box;
  GtkLabel       *title;
  GtkLabel       *subtitle;
  GtkGrid        *tiles;
  GHashTable     *tile_files;   /* picture tile -> its GFile */
  gboolean        shown;
  gboolean        loaded;
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

static void
update_subtitle (SbGalleryRow *self)
{
  SbParams *params = sb_history_entry_get_params (self->entry);
  const char *style = sb_style_get_label (sb_params_get_style (params));
  const char *state = state_words (sb_history_entry_get_state (self->entry));
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (sb_history_entry_get_created_at (self->entry) / G_USEC_PER_SEC);
  g_autofree char *time = g_date_time_format (when, "%x %H:%M");
  g_autofree char *text = state != NULL ? g_strdup_printf ("%s · %s · %s", style, time, state)
                                        : g_strdup_printf ("%s · %s", style, time);

  gtk_label_set_label (self->subtitle, text);
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

/* One worker decodes every thumbnail, one after the other: the pictures
 * on screen arrive in order, and memory holds one full-size decode at a
 * time, not one per thread of GLib's pool. */
static void
decode_thumbnail (gpointer data,
                  gpointer user_data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The header first: a decoder would build a bomb at full size before scaling. */
  if (sb_image_check_file (g_file_peek_path (g_task_get_task_data (task)), SB_IMAGE_MAX_SIDE, &error))
    pixbuf = gdk_pixbuf_new_from_file_at_scale (g_file_peek_path (g_task_get_task_data (task)), TILE * 2, TILE * 2,
                                                TRUE, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void
queue_thumbnail (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (decode_thumbnail, NULL, 1, FALSE, NULL));

  g_thread_pool_push (pool, g_object_ref (task), NULL);
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

static void
add_tile (SbGalleryRow *self,
          GtkWidget    *tile)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  gtk_widget_set_size_request (tile, TILE, TILE);
  gtk_grid_attach (self->tiles, tile, n % 2, n / 2, 1, 1);
}

static void
clear (SbGalleryRow *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->tile_files != NULL)
    g_hash_table_remove_all (self->tile_files);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_grid_remove (self->tiles, child);
  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_clear_object (&self->entry);
}

static void load_pictures (SbGalleryRow *self);

static void
fill (SbGalleryRow *self)
{
  g_auto(GStrv) images = sb_history_entry_get_images (self->entry);
  g_auto(GStrv) failures = sb_history_entry_get_failures (self->entry);

  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (self->entry), images[i]);
      GtkWidget *picture = gtk_picture_new ();
      GtkGesture *click = gtk_gesture_click_new ();

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_add_css_class (picture, "gallery-image");
      gtk_widget_set_cursor_from_name (picture, "pointer");
      gtk_widget_set_tooltip_text (picture, _("Open, or drag it out"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Generated image"), -1);
      g_hash_table_insert (self->tile_files, picture, g_object_ref (file));
      g_signal_connect (click, "released", G_CALLBACK (on_picture_clicked), self);
      gtk_widget_add_controller (picture, GTK_EVENT_CONTROLLER (click));
      add_tile (self, picture);
    }

  for (guint i = 0; failures[i] != NULL; i++)
    {
      GtkWidget *tile = gtk_label_new (failures[i]);

      gtk_label_set_wrap (GTK_LABEL (tile), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (tile), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (tile, "failed-tile");
      add_tile (self, tile);
    }

  /* Pictures DashScope made that were not saved: fetched again on request
   * (and at the next start) while DashScope keeps them. */
  if (sb_history_entry_get_state (self->entry) == SB_HISTORY_ENTRY_INCOMPLETE)
    {
      g_autofree char *uri = g_file_get_uri (sb_history_entry_get_directory (self->entry));
      GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      /* A button of its own size in the middle of a tile's place. */
      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
      gtk_widget_set_vexpand (retry, TRUE);
      gtk_widget_add_css_class (retry, "pill");
      gtk_box_append (GTK_BOX (tile), retry);
      gtk_widget_set_tooltip_text (retry, _("Download the pictures that were not saved"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (retry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Retry the pictures that were not saved"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.retry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", uri);
      add_tile (self, tile);
    }

  if (images[0] == NULL && failures[0] == NULL && sb_history_entry_get_error (self->entry) != NULL)
    {
      GtkWidget *tile = gtk_label_new (sb_history_entry_get_error (self->entry));

      gtk_label_set_wrap (GTK_LABEL (tile), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (tile), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (tile, "failed-tile");
      gtk_widget_set_size_request (tile, TILE * 2, -1);
      gtk_grid_attach (self->tiles, tile, 0, 0, 2, 1);
    }

  self->loaded = FALSE;
  if (self->shown)
    load_pictures (self);
}

/* Decodes the thumbnails, in worker threads. */
static void
load_pictures (SbGalleryRow *self)
{
  if (self->loaded || self->entry == NULL)
    return;

  self->loaded = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GFile *file = g_hash_table_lookup (self->tile_files, child);
      g_autoptr(GTask) task = NULL;

      if (file == NULL)
        continue;

      task = g_task_new (NULL, self->cancellable, on_thumbnail, g_object_ref (child));
      g_task_set_task_data (task, g_object_ref (file), g_object_unref);
      queue_thumbnail (task);
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
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_PICTURE (child))
      gtk_picture_set_paintable (GTK_PICTURE (child), NULL);
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

  self->shown = shown;
  if (shown)
    load_pictures (self);
  else
    unload_pictures (self);
}

static void
on_entry_state (SbGalleryRow *self)
{
  SbHistoryEntry *entry = g_object_ref (self->entry);

  /* Finished, or finished but for pictures to fetch again: its images are
   * there now. */
  update_subtitle (self);
  if (sb_history_entry_is_finished (entry) ||
      sb_history_entry_get_state (entry) == SB_HISTORY_ENTRY_INCOMPLETE)
    sb_gallery_row_set_entry (self, entry);
  g_object_unref (entry);
}

void
sb_gallery_row_set_entry (SbGalleryRow   *self,
                          SbHistoryEntry *entry)
{
  g_return_if_fail (SB_IS_GALLERY_ROW (self));

  clear (self);
  if (entry == NULL)
    return;

  self->entry = g_object_ref (entry);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_label (self->title, sb_params_get_prompt (sb_history_entry_get_params (entry)));
  update_subtitle (self);
  g_signal_connect_swapped (entry, "notify::state", G_CALLBACK (on_entry_state), self);
  fill (self);
}

static void
sb_gallery_row_dispose (GObject *object)
{
  SbGalleryRow *self = SB_GALLERY_ROW (object);

  clear (self);
  g_clear_pointer (&self->tile_files, g_hash_table_unref);
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
}

static void
sb_gallery_row_init (SbGalleryRow *self)
{
  self->tile_files = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));

  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_label_set_ellipsize (self->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->subtitle));

  self->tiles = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->tiles, 8);
  gtk_grid_set_column_spacing (self->tiles, 8);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->tiles));
}

GtkWidget *
sb_gallery_row_new (void)
{
  return g_object_new (SB_TYPE_GALLERY_ROW, NULL);
}
