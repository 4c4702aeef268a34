/* sb-window-actions.c: what the window's buttons, menus and keys do
 *
 * win.*: generate, sweep, and the result actions the gallery and the viewer
 * share (send to canvas, trace, reuse, delete with undo, retry).
 * sketch.*: undo, redo, clear, import, paste, brush size, and the sketch's
 * properties (tool, width, colour, smoothing, extraction).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-window-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-texture.h"
#include "sb-widget-compat.h"
#include "sb-thumbnail.h"
#include "sb-window-private.h"

/* Generate, or a sweep. */

typedef struct {
  SbWindow      *self;
  SbParams      *params;
  SbSweepKind    sweep;
} Generation;

static void
generation_free (Generation *generation)
{
  g_object_unref (generation->self);
  g_object_unref (generation->params);
  g_free (generation);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Generation *generation = user_data;
  SbWindow *self = generation->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = sb_generator_submit_finish (SB_GENERATOR (source), result, &error);

  if (jobs == NULL)
    {
      sb_window_show_error (self, error);
      if (sb_error_is_missing_key (error) || g_error_matches (error, SB_ERROR, SB_ERROR_AUTH))
        gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
    }

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    sb_window_watch_job (self, g_ptr_array_index (jobs, i));
  generation_free (generation);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Generation *generation = user_data;
  SbWindow *self = generation->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sb_sketch_export_png_finish (SB_SKETCH (source), result, &error);

  if (png == NULL)
    {
      sb_window_show_error (self, error);
      generation_free (generation);
      return;
    }

  sb_generator_submit_async (self->generator, generation->params, png, NULL, generation->sweep,
                             self->cancellable, on_submitted, generation);
}

static void
start_generation (SbWindow    *self,
                  SbSweepKind  sweep)
{
  g_autofree char *prompt = g_strstrip (g_strdup (sb_composer_get_prompt (self->composer_part)));
  gboolean online = sb_generator_get_upload_method (self->generator) == SB_UPLOAD_METHOD_URL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbParams) params = NULL;
  Generation *generation;

  if (sb_sketch_is_empty (self->sketch) && !online)
    {
      sb_window_show_toast (self, _("Draw something on the canvas first"));
      return;
    }
  if (*prompt == '\0')
    {
      sb_window_show_toast (self, _("Describe the picture in the prompt first"));
      sb_composer_focus_prompt (self->composer_part);
      return;
    }
  params = sb_composer_get_params (self->composer_part);
  if (!sb_params_validate (params, &error))
    {
      sb_window_show_error (self, error);
      return;
    }

  /* What this brings may appear over the drawing, as long as it stays as
   * it is now. */
  sb_stage_note_generate (self->stage);
  generation = g_new0 (Generation, 1);
  generation->self = g_object_ref (self);
  generation->params = g_steal_pointer (&params);
  generation->sweep = sweep;

  /* A sketch already online: nothing to export or upload. */
  if (online)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "sketch-url");

      if (!sb_http_check_url (url, &error) && !g_str_has_prefix (url, "oss://"))
        {
          sb_window_show_error (self, error);
          generation_free (generation);
          return;
        }
      sb_generator_submit_async (self->generator, generation->params, NULL, url, sweep,
                                 self->cancellable, on_submitted, generation);
      return;
    }

  /* The export is taken now: drawing on while it uploads changes nothing. */
  sb_sketch_export_png_async (self->sketch, self->cancellable, on_exported, generation);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_generation (SB_WINDOW (widget), SB_SWEEP_NONE);
}

static void
sweep_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *kind = g_variant_get_string (parameter, NULL);

  if (g_str_equal (kind, "weights"))
    start_generation (SB_WINDOW (widget), SB_SWEEP_WEIGHTS);
  else if (g_str_equal (kind, "styles"))
    start_generation (SB_WINDOW (widget), SB_SWEEP_STYLES);
  else if (g_str_equal (kind, "engines"))
    start_generation (SB_WINDOW (widget), SB_SWEEP_ENGINES);
}

static void
focus_prompt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sb_composer_focus_prompt (SB_WINDOW (widget)->composer_part);
}

static void
copy_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
}

/* Bringing a picture onto the canvas: a file, the clipboard, a drop. */

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_sketch_import_finish (SB_SKETCH (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_window_show_toast (self, error->message);
      return;
    }

  if (sb_sketch_get_extraction (self->sketch))
    sb_window_show_toast (self, _("This looks like a photo: DashScope will find its edges (Photo is on)"));
}

void
sb_window_import_file (SbWindow *self,
                       GFile    *file)
{
  sb_sketch_import_async (self->sketch, file, self->cancellable, on_imported, g_object_ref (self));
}

static void
import_texture (SbWindow   *self,
                GdkTexture *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  sb_sketch_import_bytes_async (self->sketch, png, self->cancellable, on_imported, g_object_ref (self));
}

static void
on_import_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GFile) file = sb_choose_file_finish (result, NULL);

  if (file != NULL)
    sb_window_import_file (self, file);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SbWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  sb_choose_file_async (GTK_WINDOW (self), SB_CHOOSE_OPEN, _("Import a Picture"), _("_Import"),
                        filter, NULL, NULL, self->cancellable, on_import_chosen, g_object_ref (self));
}

static void
on_clipboard_texture (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, NULL);

  if (texture == NULL)
    sb_window_show_toast (self, _("The clipboard holds no picture to paste"));
  else
    import_texture (self, texture);
}

static void
paste_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SbWindow *self = user_data;

  gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->cancellable,
                                    on_clipboard_texture, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SbWindow      *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      if (any)
        sb_window_import_file (self, files->data);
      g_slist_free (files);
      return any;
    }

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      import_texture (self, g_value_get_object (value));
      return TRUE;
    }

  return FALSE;
}

/* The sketch's own actions. */

static void
undo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  sb_sketch_undo (SB_WINDOW (user_data)->sketch);
}

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  sb_canvas_zoom_in (SB_WINDOW (user_data)->canvas);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  sb_canvas_zoom_out (SB_WINDOW (user_data)->canvas);
}

static void
zoom_fit_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  sb_canvas_zoom_fit (SB_WINDOW (user_data)->canvas);
}

/* The eyedropper: the next click on the canvas takes its colour. */
static void
pick_color_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SbWindow *self = SB_WINDOW (user_data);

  sb_canvas_set_picking (self->canvas, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
redo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  sb_sketch_redo (SB_WINDOW (user_data)->sketch);
}

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SbWindow *self = user_data;

  /* Undoable, so no confirmation: say how to get it back. */
  sb_sketch_clear (self->sketch);
  sb_window_show_undo_toast (self, _("Canvas cleared"));
}

static void
bigger_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SbSketch *sketch = SB_WINDOW (user_data)->sketch;
  double width = sb_sketch_get_width (sketch);

  sb_sketch_set_width (sketch, MAX (width + 1, round (width * 1.25)));
}

static void
smaller_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SbSketch *sketch = SB_WINDOW (user_data)->sketch;
  double width = sb_sketch_get_width (sketch);

  sb_sketch_set_width (sketch, MIN (width - 1, round (width / 1.25)));
}

/* Results: a picture from the gallery or the viewer, by its URI. */

static void
on_sent_to_canvas (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sb_sketch_import_finish (SB_SKETCH (source), result, &error))
    sb_window_show_undo_toast (self, _("The picture is the sketch now; its edges will be found"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sb_window_show_toast (self, error->message);
}

/* The drawing it replaces is one Undo away; the service is told to find
 * the picture's edges (a rendering read as ink makes a muddle). */
static void
send_to_canvas_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sb_sketch_import_rendering_async (self->sketch, file, self->cancellable, on_sent_to_canvas, g_object_ref (self));
}

/* Tracing: a picture shown faintly over the page, to draw over. */
static void
on_trace_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, &error);

  if (texture == NULL)
    sb_window_show_error (self, error);
  else
    sb_canvas_set_tracing (self->canvas, texture);
}

static void
trace_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sb_texture_load_async (file, self->cancellable, on_trace_loaded, g_object_ref (self));
}

static void
clear_tracing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sb_canvas_set_tracing (SB_WINDOW (widget)->canvas, NULL);
}

static void
on_tracing_changed (SbWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-tracing", sb_canvas_get_tracing (self->canvas) != NULL);
}

/* The pictures over the drawing (sb-stage.c): ← and →, take one as the
 * sketch or to trace over, or put them away. */
static void
stage_move_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sb_stage_move (SB_WINDOW (widget)->stage, g_str_equal (action_name, "win.stage-next") ? 1 : -1);
}

static void
on_stage_accepted (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sb_stage_accept_as_sketch_finish (SB_STAGE (source), result, &error))
    sb_window_show_undo_toast (self, _("The picture is the sketch now; its edges will be found"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sb_window_show_toast (self, error->message);
}

static void
stage_accept_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);

  sb_stage_accept_as_sketch_async (self->stage, self->cancellable, on_stage_accepted, g_object_ref (self));
}

/* The picture already loaded for the canvas becomes the tracing one. */
static void
stage_trace_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  GdkTexture *staged = sb_canvas_get_staged (self->canvas);

  if (staged == NULL)
    return;
  sb_canvas_set_tracing (self->canvas, staged);
  sb_stage_clear (self->stage);
}

static void
stage_discard_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sb_stage_clear (SB_WINDOW (widget)->stage);
}

/* A gallery picture over the drawing, with the rest of its generation. */
static void
stage_picture_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) picture = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistory *history = sb_generator_get_history (self->generator);
  SbHistoryEntry *entry = sb_history_find_image (history, picture);
  g_autoptr(GPtrArray) files = NULL;
  guint position;

  /* With the rest of its generation (a sweep's every variant), as the
   * viewer walks it. */
  if (entry == NULL)
    return;
  files = sb_history_get_generation_files (history, entry, picture, &position);
  if (files->len > 0)
    sb_stage_show (self->stage, files, position);
}

static void
view_ready_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sb_window_view_ready (SB_WINDOW (widget));
}

static void update_stage_actions (SbWindow     *self);
static void on_edit_started      (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);

/* Editing a picture (wanx2.1-imageedit): the staged picture, a gallery
 * picture (put over the drawing first) or the sketch itself. Repainting a
 * region is painted on it (sb-mask-layer.c, at the picture's own
 * resolution) with the repaint bar's words; the other edits are set up in
 * the edit bar, an extension's new frame drawn around it. What comes back
 * shows over the drawing like any generation's. One edit is set up at a
 * time: self->editing, of self->edit_file (NULL: the sketch). */

static void
update_repaint_brush (SbWindow *self)
{
  sb_canvas_set_mask_brush (self->canvas, sb_repaint_bar_get_radius (self->repaint_bar),
                            sb_repaint_bar_get_erasing (self->repaint_bar));
}

static void
update_frame (SbWindow *self)
{
  double scales[SB_N_SIDES];

  if (self->editing == NULL || !sb_engine_takes (self->editing, SB_ENGINE_TAKES_SCALES))
    {
      sb_canvas_set_frame (self->canvas, NULL);
      return;
    }
  sb_edit_bar_get_scales (self->edit_bar, scales);
  sb_canvas_set_frame (self->canvas, scales);
}

static void
leave_edit (SbWindow *self)
{
  self->editing = NULL;
  g_clear_object (&self->edit_file);
  g_clear_object (&self->repaint_mask);
  sb_canvas_set_mask (self->canvas, NULL);
  sb_canvas_set_frame (self->canvas, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->repaint_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_bar), FALSE);
  sb_stage_bar_set_held (self->stage_bar, FALSE);
  update_stage_actions (self);
}

static void
on_reused_mask (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMaskLayer) mask = sb_mask_layer_load_finish (result, &error);

  /* Without it, the region is painted anew. */
  if (mask == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The region was not painted again: %s", error->message);
      return;
    }
  if (self->repaint_mask == NULL || sb_mask_layer_get_width (mask) != sb_mask_layer_get_width (self->repaint_mask) ||
      sb_mask_layer_get_height (mask) != sb_mask_layer_get_height (self->repaint_mask) ||
      !sb_mask_layer_is_empty (self->repaint_mask))
    return;
  g_set_object (&self->repaint_mask, mask);
  sb_canvas_set_mask (self->canvas, mask);
}

/* @picture: the staged picture, decoded on the canvas; NULL: the sketch.
 * @reused: (nullable): an edit made before whose words, settings and
 *   region are set up again (Reuse) */
static void
begin_edit (SbWindow       *self,
            const SbEngine *engine,
            GFile          *picture,
            SbHistoryEntry *reused)
{
  GdkTexture *staged = sb_canvas_get_staged (self->canvas);

  g_return_if_fail (engine->kind == SB_ENGINE_EDITS);
  g_return_if_fail (picture == NULL || staged != NULL);

  self->editing = engine;
  g_set_object (&self->edit_file, picture);
  if (picture != NULL)
    {
      /* The whole picture, as it is: what is sent is what is seen. */
      sb_stage_set_wipe (self->stage, 1.0);
      sb_stage_set_opacity (self->stage, 1.0);
      sb_stage_bar_set_held (self->stage_bar, TRUE);
    }
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_MASK))
    {
      GtkWidget *bar = GTK_WIDGET (self->repaint_bar);

      self->repaint_mask = picture != NULL
                           ? sb_mask_layer_new (gdk_texture_get_width (staged), gdk_texture_get_height (staged))
                           : sb_mask_layer_new (SB_SKETCH_SIZE, SB_SKETCH_SIZE);
      update_repaint_brush (self);
      sb_canvas_set_mask (self->canvas, self->repaint_mask);
      /* Its form for the room it has before its first frame. */
      sb_repaint_bar_fit_width (self->repaint_bar, gtk_widget_get_width (gtk_widget_get_parent (bar)) -
                                                   gtk_widget_get_margin_start (bar) - gtk_widget_get_margin_end (bar));
      gtk_widget_set_visible (bar, TRUE);
      sb_repaint_bar_focus_prompt (self->repaint_bar);
      if (reused != NULL)
        {
          g_autoptr(GFile) region = g_file_get_child (sb_history_entry_get_directory (reused), "mask.png");

          sb_repaint_bar_set_prompt (self->repaint_bar, sb_params_get_prompt (sb_history_entry_get_params (reused)));
          sb_mask_layer_load_async (region, sb_mask_layer_get_width (self->repaint_mask),
                                    sb_mask_layer_get_height (self->repaint_mask), self->cancellable, on_reused_mask,
                                    g_object_ref (self));
        }
    }
  else
    {
      sb_edit_bar_set_engine (self->edit_bar, engine);
      if (reused != NULL)
        sb_edit_bar_set_params (self->edit_bar, sb_history_entry_get_params (reused));
      gtk_widget_set_visible (GTK_WIDGET (self->edit_bar), TRUE);
      sb_edit_bar_focus_prompt (self->edit_bar);
      update_frame (self);
    }
  update_stage_actions (self);
}

typedef struct {
  SbWindow    *self;
  SbParams    *params;
  SbSweepKind  sweep;
} SketchEdit;

static void
on_sketch_exported_for_edit (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  SketchEdit *edit = user_data;
  g_autoptr(SbWindow) self = edit->self;
  g_autoptr(SbParams) params = edit->params;
  SbSweepKind sweep = edit->sweep;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sb_sketch_export_png_finish (SB_SKETCH (source), result, &error);

  g_free (edit);
  if (png == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_window_show_error (self, error);
      return;
    }
  sb_generator_edit_async (self->generator, params, NULL, png, sweep, self->cancellable, on_edit_started,
                           g_object_ref (self));
}

/* The edit set up (or one for each of a sweep's variants), on its way;
 * the bar goes. */
static void
send_edit (SbWindow    *self,
           SbParams    *params,
           SbSweepKind  sweep)
{
  /* What it brings is shown over the drawing when it comes. */
  sb_stage_note_generate (self->stage);
  if (self->edit_file != NULL)
    sb_generator_edit_async (self->generator, params, self->edit_file, NULL, sweep, self->cancellable, on_edit_started,
                             g_object_ref (self));
  else
    {
      SketchEdit *edit = g_new (SketchEdit, 1);

      edit->self = g_object_ref (self);
      edit->params = g_object_ref (params);
      edit->sweep = sweep;
      sb_sketch_export_png_async (self->sketch, self->cancellable, on_sketch_exported_for_edit, edit);
    }
  leave_edit (self);
}

static void
repaint_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);

  if (self->editing == NULL && sb_canvas_get_staged (self->canvas) != NULL && sb_stage_get_file (self->stage) != NULL)
    begin_edit (self, &sb_engine_repaint, sb_stage_get_file (self->stage), NULL);
}

static void
repaint_generate_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GBytes) mask = NULL;
  g_autoptr(GError) error = NULL;

  if (self->repaint_mask == NULL)
    return;
  mask = sb_mask_layer_export (self->repaint_mask, &error);
  sb_params_set_engine (params, &sb_engine_repaint);
  sb_params_set_prompt (params, sb_repaint_bar_get_prompt (self->repaint_bar));
  sb_params_set_count (params, 1);
  sb_params_set_mask (params, mask);
  if (mask == NULL || !sb_params_validate (params, error == NULL ? &error : NULL))
    {
      sb_window_show_error (self, error);
      if (mask != NULL)
        sb_repaint_bar_focus_prompt (self->repaint_bar);
      return;
    }
  send_edit (self, params, SB_SWEEP_NONE);
}

/* Edit (engine id) the staged picture: extend, colourise or change. */
static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const SbEngine *engine = sb_engine_lookup (g_variant_get_string (parameter, NULL));

  if (engine == NULL || engine->kind != SB_ENGINE_EDITS || self->editing != NULL ||
      sb_canvas_get_staged (self->canvas) == NULL || sb_stage_get_file (self->stage) == NULL)
    return;
  begin_edit (self, engine, sb_stage_get_file (self->stage), NULL);
}

/* Edit (engine id) the sketch itself: as drawn, without a picture over it. */
static void
edit_sketch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const SbEngine *engine = sb_engine_lookup (g_variant_get_string (parameter, NULL));

  if (engine == NULL || engine->kind != SB_ENGINE_EDITS || self->editing != NULL)
    return;
  if (sb_sketch_is_empty (self->sketch))
    {
      sb_window_show_toast (self, _("Draw something on the canvas first"));
      return;
    }
  begin_edit (self, engine, NULL, NULL);
}

/* The picture @uri over the drawing, and @engine's edit of it set up once
 * it is there (decoded). */
static void
edit_when_shown (SbWindow       *self,
                 const SbEngine *engine,
                 const char     *uri,
                 SbHistoryEntry *reused)
{
  if (self->editing != NULL)
    leave_edit (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.stage-picture", "s", uri);
  g_clear_object (&self->edit_pending_file);
  self->edit_pending_file = g_file_new_for_uri (uri);
  g_set_object (&self->edit_pending_entry, reused);
  self->edit_pending = engine;
  update_stage_actions (self);
}

/* Edit (uri, engine id) a gallery picture: put over the drawing, and set up
 * once it is there (decoded). */
static void
edit_picture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const char *uri, *id;
  const SbEngine *engine;

  g_variant_get (parameter, "(&s&s)", &uri, &id);
  engine = sb_engine_lookup (id);
  if (engine == NULL || engine->kind != SB_ENGINE_EDITS)
    return;
  edit_when_shown (self, engine, uri, NULL);
}

/* Colouring is offered for a picture with no colour of its own (line art,
 * a pencil drawing): judged once per picture, from its thumbnail, off the
 * main loop (a print-size picture is 37 MB of pixels). */
static void
on_colour_judged (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean grey = sb_thumbnail_looks_grey_finish (G_FILE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Colour not judged: %s", error->message);
  self->judged_grey = grey;
  update_stage_actions (self);
}

static void
judge_colour (SbWindow *self,
              GFile    *picture)
{
  if (self->judged != NULL && g_file_equal (self->judged, picture))
    return;
  g_cancellable_cancel (self->judging);
  g_clear_object (&self->judging);
  self->judging = g_cancellable_new ();
  g_set_object (&self->judged, picture);
  self->judged_grey = FALSE;
  sb_thumbnail_looks_grey_async (picture, self->judging, on_colour_judged, g_object_ref (self));
}

static void
colorize_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_string (sb_engine_colorize.id));

  edit_action (widget, "win.edit", target);
}

static void
edit_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  leave_edit (SB_WINDOW (widget));
}

/* win.edit-generate: the edit as set up; win.edit-sweep: one at each
 * strength, a little to a lot, side by side. */
static void
edit_generate_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GError) error = NULL;
  SbSweepKind sweep = g_str_equal (action_name, "win.edit-sweep") ? SB_SWEEP_STRENGTHS : SB_SWEEP_NONE;

  if (self->editing == NULL || self->repaint_mask != NULL)
    return;
  sb_edit_bar_apply (self->edit_bar, params);
  if (!sb_params_validate (params, &error))
    {
      sb_window_show_error (self, error);
      sb_edit_bar_focus_prompt (self->edit_bar);
      return;
    }
  send_edit (self, params, sweep);
}

static void
update_stage_actions (SbWindow *self)
{
  gboolean active = sb_stage_get_active (self->stage);
  guint position = sb_stage_get_position (self->stage);
  GFile *staged_file = sb_stage_get_file (self->stage);
  gboolean staged = active && staged_file != NULL && sb_canvas_get_staged (self->canvas) != NULL;
  gboolean editing = self->editing != NULL;
  gboolean repainting = self->repaint_mask != NULL;

  /* An edit belongs to the picture it was set up on: another one over the
   * drawing (or none) ends it; a picture over the sketch ends the sketch's. */
  if (editing && (self->edit_file != NULL ? !active || staged_file == NULL || !g_file_equal (staged_file, self->edit_file)
                                          : active))
    {
      leave_edit (self);
      return;
    }
  /* A gallery picture to edit, once it is over the drawing. */
  if (self->edit_pending != NULL && staged && g_file_equal (staged_file, self->edit_pending_file))
    {
      const SbEngine *engine = self->edit_pending;
      g_autoptr(SbHistoryEntry) reused = g_steal_pointer (&self->edit_pending_entry);
      g_autoptr(GFile) picture = g_steal_pointer (&self->edit_pending_file);

      self->edit_pending = NULL;
      begin_edit (self, engine, picture, reused);
      return;
    }
  /* …not if another one is (or none). */
  if (self->edit_pending != NULL && (!active || staged_file == NULL || !g_file_equal (staged_file, self->edit_pending_file)))
    {
      self->edit_pending = NULL;
      g_clear_object (&self->edit_pending_file);
      g_clear_object (&self->edit_pending_entry);
    }

  if (active && staged_file != NULL)
    judge_colour (self, staged_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit", staged && !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.repaint", staged && !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.colorize",
                                 staged && !editing && self->judged_grey && g_file_equal (staged_file, self->judged));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-sketch", !active && !editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-generate", editing && !repainting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-sweep",
                                 editing && sb_engine_takes (self->editing, SB_ENGINE_TAKES_STRENGTH));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-cancel", editing && !repainting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.repaint-generate", repainting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.repaint-cancel", repainting);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stage-previous", active && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stage-next",
                                 active && position + 1 < sb_stage_get_n_pictures (self->stage));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stage-accept", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stage-trace", active && sb_canvas_get_staged (self->canvas) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stage-discard", active);
}

/* Delete, with a moment to take it back: the picture leaves the gallery at
 * once; its file goes only when the toast does, unless Undo was pressed. */
typedef struct {
  SbWindow       *self;
  SbHistoryEntry *entry;
  GFile          *file;
  AdwToast       *toast;
  gboolean        undone;
} Deletion;

static void
on_delete_undo (Deletion *deletion)
{
  deletion->undone = TRUE;
  sb_history_restore_image (sb_generator_get_history (deletion->self->generator), deletion->entry, deletion->file);
}

static void
on_delete_dismissed (Deletion *deletion)
{
  if (!deletion->undone)
    sb_history_forget_image (sb_generator_get_history (deletion->self->generator), deletion->file);
  if (deletion->self->deletion_toast == deletion->toast)
    deletion->self->deletion_toast = NULL;

  g_object_unref (deletion->self);
  g_object_unref (deletion->entry);
  g_object_unref (deletion->file);
  g_free (deletion);
}

static void
delete_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = sb_history_remove_image (sb_generator_get_history (self->generator), file);
  Deletion *deletion;

  if (entry == NULL)
    return;

  deletion = g_new0 (Deletion, 1);
  deletion->self = g_object_ref (self);
  deletion->entry = g_object_ref (entry);
  deletion->file = g_object_ref (file);
  deletion->toast = adw_toast_new (_("Picture deleted"));
  adw_toast_set_button_label (deletion->toast, _("_Undo"));
  g_signal_connect_swapped (deletion->toast, "button-clicked", G_CALLBACK (on_delete_undo), deletion);
  g_signal_connect_swapped (deletion->toast, "dismissed", G_CALLBACK (on_delete_dismissed), deletion);
  self->deletion_toast = deletion->toast;
  adw_toast_overlay_add_toast (self->toast_overlay, deletion->toast);
}

/* Returns: (transfer container): the entry named by @parameter's folder,
 * or every variant of its sweep; empty when it is gone */
static GPtrArray *
find_generation (SbWindow *self,
                 GVariant *parameter)
{
  SbHistory *history = sb_generator_get_history (self->generator);
  g_autoptr(GFile) directory = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = sb_history_find_directory (history, directory);

  if (entry == NULL)
    return g_ptr_array_new ();
  return sb_history_get_generation (history, entry);
}

/* Pictures a generation made but could not save: fetched again, while
 * DashScope keeps them (24 hours). */
static void
on_retried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbJob) job = sb_generator_job_finish (SB_GENERATOR (source), result, &error);

  if (job == NULL)
    sb_window_show_error (self, error);
  else
    sb_window_watch_job (self, job);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GPtrArray) members = find_generation (self, parameter);

  /* A sweep's Retry: every variant that did not make it. */
  for (guint i = 0; i < members->len; i++)
    {
      SbHistoryEntry *entry = g_ptr_array_index (members, i);

      if (sb_history_entry_can_retry (entry))
        sb_generator_retry_async (self->generator, entry, self->cancellable, on_retried, g_object_ref (self));
    }
}

static void
on_failed_dismissed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_history_delete_finish (SB_HISTORY (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sb_window_show_error (self, error);
}

/* A generation that failed as a whole, with nothing to keep (no picture,
 * no task the service still runs), goes from the gallery with its files. */
static void
dismiss_failed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  SbHistory *history = sb_generator_get_history (self->generator);
  g_autoptr(GPtrArray) members = find_generation (self, parameter);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < members->len; i++)
    if (!sb_history_entry_can_dismiss (g_ptr_array_index (members, i), now))
      return;
  for (guint i = 0; i < members->len; i++)
    sb_history_delete_async (history, g_ptr_array_index (members, i), self->cancellable, on_failed_dismissed,
                             g_object_ref (self));
}

/* One picture the service failed to make: a task of its own for it. */
static void
remake_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) directory = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = sb_history_find_directory (sb_generator_get_history (self->generator), directory);

  if (entry != NULL)
    sb_generator_remake_one_async (self->generator, entry, self->cancellable, on_retried, g_object_ref (self));
}

/* An edit (enlarging, repainting…) on its way: its jobs followed here. */
static void
on_edit_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = sb_generator_submit_finish (SB_GENERATOR (source), result, &error);

  if (jobs == NULL)
    sb_window_show_error (self, error);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    sb_window_watch_job (self, g_ptr_array_index (jobs, i));
}

/* Enlarge (uri, factor): the larger picture joins its generation's row. */
static void
enlarge_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const char *uri;
  gint32 factor;
  g_autoptr(GFile) file = NULL;

  g_variant_get (parameter, "(&si)", &uri, &factor);
  file = g_file_new_for_uri (uri);
  sb_generator_enlarge_async (self->generator, file, factor, self->cancellable, on_edit_started, g_object_ref (self));
}

/* Stops a generation (every variant of a sweep) from its gallery row. */
static void
stop_generation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GPtrArray) members = find_generation (self, parameter);

  for (guint i = 0; i < members->len; i++)
    {
      SbJob *job = sb_generator_find_job (self->generator, g_ptr_array_index (members, i));

      if (job != NULL)
        sb_jobs_pane_stop (self->jobs_pane, job);
    }
}

/* A sweep's variant: its weight and style back to the composer. */
static void
use_settings_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) directory = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = sb_history_find_directory (sb_generator_get_history (self->generator), directory);
  g_autoptr(SbParams) params = NULL;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  if (entry == NULL)
    return;

  params = sb_composer_get_params (self->composer_part);
  sb_params_set_sketch_weight (params, sb_params_get_sketch_weight (sb_history_entry_get_params (entry)));
  sb_params_set_style (params, sb_params_get_style (sb_history_entry_get_params (entry)));
  sb_composer_set_params (self->composer_part, params);
  label = sb_sweep_get_label (sb_history_entry_get_sweep_kind (entry), sb_history_entry_get_sweep_index (entry));
  /* Translators: after taking one variant's settings, e.g. "Now drawing with Weight 4" */
  text = g_strdup_printf (_("The composer now uses %s"), label != NULL ? label : "");
  sb_window_show_toast (self, text);
}

static void
toggle_gallery_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sb_window_toggle_gallery (SB_WINDOW (widget));
}

/* The prompt, style, weight, count and the very sketch of a generation. */
static void
reuse_entry (SbWindow       *self,
             SbHistoryEntry *entry)
{
  sb_composer_set_params (self->composer_part, sb_history_entry_get_params (entry));
  /* A sketch that was already online was never kept: only the settings come back. */
  if (sb_history_entry_get_upload_method (entry) != SB_UPLOAD_METHOD_URL)
    {
      g_autoptr(GFile) sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");

      sb_window_import_file (self, sketch);
    }
}

/* An edit's Reuse: set up again over the picture it was made from (its
 * words, settings and region), to make it again or change it. An edit of
 * the sketch is set up over the sketch it was made from. */
static void
reuse_edit (SbWindow       *self,
            SbHistoryEntry *entry)
{
  SbHistory *history = sb_generator_get_history (self->generator);
  const SbEngine *engine = sb_params_get_engine (sb_history_entry_get_params (entry));
  SbHistoryEntry *parent = sb_history_get_parent (history, entry);

  if (parent != NULL)
    {
      g_autoptr(GFile) picture = g_file_get_child (sb_history_entry_get_directory (parent),
                                                   sb_history_entry_get_parent_image (entry));
      g_autofree char *uri = g_file_get_uri (picture);

      if (sb_history_find_image (history, picture) == NULL)
        {
          sb_window_show_toast (self, _("The picture this edit was made from has been deleted"));
          return;
        }
      edit_when_shown (self, engine, uri, entry);
      return;
    }
  if (sb_history_entry_get_parent_entry (entry) != NULL)
    {
      sb_window_show_toast (self, _("The picture this edit was made from has been deleted"));
      return;
    }
  /* The sketch as it was sent, then its edit. */
  {
    g_autoptr(GFile) sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");

    if (sb_stage_get_active (self->stage))
      gtk_widget_activate_action (GTK_WIDGET (self), "win.stage-discard", NULL);
    if (self->editing != NULL)
      leave_edit (self);
    sb_window_import_file (self, sketch);
    begin_edit (self, engine, NULL, entry);
  }
}

/* The generation that made the picture @parameter names, or NULL. */
static SbHistoryEntry *
find_picture_entry (SbWindow *self,
                    GVariant *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  return sb_history_find_image (sb_generator_get_history (self->generator), file);
}

static void
reuse_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  SbHistoryEntry *entry = find_picture_entry (self, parameter);

  if (entry == NULL)
    return;
  if (sb_params_get_engine (sb_history_entry_get_params (entry))->kind == SB_ENGINE_EDITS)
    reuse_edit (self, entry);
  else
    reuse_entry (self, entry);
}

/* Same Seed: Reuse, keeping the picture's seed, so only what the artist
 * changes (the prompt, most often) changes the picture. */
static void
same_seed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  SbHistoryEntry *entry = find_picture_entry (self, parameter);

  if (entry == NULL || sb_params_get_engine (sb_history_entry_get_params (entry))->kind != SB_ENGINE_DRAWS)
    return;
  reuse_entry (self, entry);
  sb_composer_set_seed (self->composer_part, sb_params_get_seed (sb_history_entry_get_params (entry)));
  sb_composer_focus_prompt (self->composer_part);
}

void
sb_window_actions_init (SbWindow *self)
{
  static const GActionEntry entries[] = {
    { "undo", undo_action },
    { "redo", redo_action },
    { "clear", clear_action },
    { "import", import_action },
    { "paste", paste_action },
    { "bigger", bigger_action },
    { "smaller", smaller_action },
    { "zoom-in", zoom_in_action },
    { "zoom-out", zoom_out_action },
    { "zoom-fit", zoom_fit_action },
    { "pick-color", pick_color_action },
  };
  static const char *properties_as_actions[] = { "tool", "width", "color", "smoothing", "extraction" };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkDropTarget *drop;

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (properties_as_actions); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (properties_as_actions[i], self->sketch,
                                                                 properties_as_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }

  g_object_bind_property (self->sketch, "can-undo",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "undo"), "enabled",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sketch, "can-redo",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "redo"), "enabled",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sketch, "empty",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "clear"), "enabled",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sketch", G_ACTION_GROUP (group));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->canvas, "notify::tracing", G_CALLBACK (on_tracing_changed), self, G_CONNECT_SWAPPED);
  on_tracing_changed (self);
  g_signal_connect_object (self->stage, "notify::position", G_CALLBACK (update_stage_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stage, "notify::active", G_CALLBACK (update_stage_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::staged", G_CALLBACK (update_stage_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stage, "notify::file", G_CALLBACK (update_stage_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->repaint_bar, "brush-changed", G_CALLBACK (update_repaint_brush), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "frame-changed", G_CALLBACK (update_frame), self, G_CONNECT_SWAPPED);
  update_stage_actions (self);
}

void
sb_window_class_actions_init (SbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", "s", sweep_action);
  gtk_widget_class_install_action (widget_class, "win.focus-prompt", NULL, focus_prompt_action);
  gtk_widget_class_install_action (widget_class, "win.copy-details", "s", copy_details_action);
  gtk_widget_class_install_action (widget_class, "win.send-to-canvas", "s", send_to_canvas_action);
  gtk_widget_class_install_action (widget_class, "win.delete-image", "s", delete_image_action);
  gtk_widget_class_install_action (widget_class, "win.reuse", "s", reuse_action);
  gtk_widget_class_install_action (widget_class, "win.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "win.remake-one", "s", remake_one_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-failed", "s", dismiss_failed_action);
  gtk_widget_class_install_action (widget_class, "win.enlarge", "(si)", enlarge_action);
  gtk_widget_class_install_action (widget_class, "win.same-seed", "s", same_seed_action);
  gtk_widget_class_install_action (widget_class, "win.stop-generation", "s", stop_generation_action);
  gtk_widget_class_install_action (widget_class, "win.use-settings", "s", use_settings_action);
  gtk_widget_class_install_action (widget_class, "win.trace", "s", trace_action);
  gtk_widget_class_install_action (widget_class, "win.clear-tracing", NULL, clear_tracing_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-gallery", NULL, toggle_gallery_action);
  gtk_widget_class_install_action (widget_class, "win.stage-previous", NULL, stage_move_action);
  gtk_widget_class_install_action (widget_class, "win.stage-next", NULL, stage_move_action);
  gtk_widget_class_install_action (widget_class, "win.stage-accept", NULL, stage_accept_action);
  gtk_widget_class_install_action (widget_class, "win.stage-trace", NULL, stage_trace_action);
  gtk_widget_class_install_action (widget_class, "win.stage-discard", NULL, stage_discard_action);
  gtk_widget_class_install_action (widget_class, "win.stage-picture", "s", stage_picture_action);
  gtk_widget_class_install_action (widget_class, "win.view-ready", NULL, view_ready_action);
  gtk_widget_class_install_action (widget_class, "win.repaint", NULL, repaint_action);
  gtk_widget_class_install_action (widget_class, "win.repaint-generate", NULL, repaint_generate_action);
  gtk_widget_class_install_action (widget_class, "win.repaint-cancel", NULL, edit_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "win.edit-sketch", "s", edit_sketch_action);
  gtk_widget_class_install_action (widget_class, "win.edit-picture", "(ss)", edit_picture_action);
  gtk_widget_class_install_action (widget_class, "win.colorize", NULL, colorize_action);
  gtk_widget_class_install_action (widget_class, "win.edit-generate", NULL, edit_generate_action);
  gtk_widget_class_install_action (widget_class, "win.edit-sweep", NULL, edit_generate_action);
  gtk_widget_class_install_action (widget_class, "win.edit-cancel", NULL, edit_cancel_action);
  /* Only while a picture is on show (the actions are disabled otherwise,
   * and the keys go on to whatever else uses them). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "win.stage-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.stage-next", NULL);
  /* Escape stops painting a region first, then puts the picture away. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.repaint-cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.edit-cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stage-discard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.repaint", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-prompt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.generate", NULL);
  /* Bubble-phase bindings: a focused text field gets its keys first, so
   * typing "b" in the prompt types a b. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "sketch.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "sketch.tool", "s", "pen");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "sketch.tool", "s", "eraser");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "sketch.smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "sketch.bigger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "sketch.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "sketch.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "sketch.pick-color", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-gallery", NULL);
  /* Plus is Shift+equal on many layouts: both zoom in. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "sketch.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "sketch.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "sketch.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "sketch.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "sketch.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "sketch.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "sketch.zoom-fit", NULL);
}
