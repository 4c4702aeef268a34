/* sb-autosave.c: keeps the sketch on disk, moments after each change
 *
 * Every edit (a finished stroke, an undo, a clear, an import) schedules a save
 * SB_AUTOSAVE_DELAY_MS later: the strokes as sketch.json, and the pixels as
 * sketch.png, the exact file a generation would upload. Both are written in
 * a worker thread with sb_atomic_write(), which writes a temporary
 * file and renames it over the old one: a crash at any instant leaves the
 * previous save or the new one, never half of one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-autosave"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-atomic.h"
#include "sb-autosave.h"
#include "sb-bounded-file.h"
#include "sb-limits.h"
#include "sb-png.h"

struct _SbAutosave
{
  GObject       parent_instance;

  SbSketch     *sketch;
  GFile        *json_file;
  GFile        *png_file;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      writing;     /* a save is under way */
  gboolean      dirty;       /* edited while writing: save again after */
  gboolean      restoring;
};

G_DEFINE_FINAL_TYPE (SbAutosave, sb_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void save (SbAutosave *self);

typedef struct {
  GFile           *json_file;
  GFile           *png_file;
  GBytes          *json;
  cairo_surface_t *pixels;
} Save;

static void
save_free (Save *save)
{
  g_object_unref (save->json_file);
  g_object_unref (save->png_file);
  g_bytes_unref (save->json);
  cairo_surface_destroy (save->pixels);
  g_free (save);
}

/* In a worker thread: the folder, the strokes, then the encoded picture;
 * each file written beside and renamed over the old one. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  g_autoptr(GFile) directory = g_file_get_parent (save->json_file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  if (!g_file_make_directory_with_parents (directory, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  if (!sb_atomic_write (save->json_file, save->json, &error) ||
      (png = sb_png_encode_compact (save->pixels, &error)) == NULL ||
      !sb_atomic_write (save->png_file, png, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SbAutosave *self = SB_AUTOSAVE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save the sketch: %s", error->message);

  self->writing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[SAVED], 0);

  if (self->dirty)
    save (self);
}

static void
save (SbAutosave *self)
{
  g_autoptr(GTask) task = NULL;
  cairo_surface_t *surface = sb_sketch_get_surface (self->sketch);
  Save *data;
  cairo_t *cr;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->writing)
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;
  self->writing = TRUE;

  /* Taken now, on the main thread; everything slow happens in the worker. */
  data = g_new0 (Save, 1);
  data->json_file = g_object_ref (self->json_file);
  data->png_file = g_object_ref (self->png_file);
  data->json = sb_sketch_serialize (self->sketch);
  data->pixels = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
  cr = cairo_create (data->pixels);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);

  task = g_task_new (self, self->cancellable, on_saved, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_thread);
}

static gboolean
on_timeout (gpointer user_data)
{
  SbAutosave *self = user_data;

  self->timeout_id = 0;
  save (self);
  return G_SOURCE_REMOVE;
}

static void
on_edited (SbAutosave *self)
{
  if (self->restoring)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (SB_AUTOSAVE_DELAY_MS, on_timeout, self);
}

static void
sb_autosave_dispose (GObject *object)
{
  SbAutosave *self = SB_AUTOSAVE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->sketch != NULL)
    g_signal_handlers_disconnect_by_data (self->sketch, self);
  g_clear_object (&self->sketch);

  G_OBJECT_CLASS (sb_autosave_parent_class)->dispose (object);
}

static void
sb_autosave_finalize (GObject *object)
{
  SbAutosave *self = SB_AUTOSAVE (object);

  g_clear_object (&self->json_file);
  g_clear_object (&self->png_file);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_autosave_parent_class)->finalize (object);
}

static void
sb_autosave_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SbAutosave *self = SB_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sb_autosave_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_autosave_class_init (SbAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_autosave_dispose;
  object_class->finalize = sb_autosave_finalize;
  object_class->get_property = sb_autosave_get_property;

  /**
   * SbAutosave:busy:
   *
   * A save is scheduled or being written: the app waits for it to quit.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sb_autosave_init (SbAutosave *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * sb_autosave_new:
 * @directory: where sketch.json and sketch.png live, e.g. the app's data directory
 */
SbAutosave *
sb_autosave_new (SbSketch *sketch,
                 GFile    *directory)
{
  SbAutosave *self;

  g_return_val_if_fail (SB_IS_SKETCH (sketch), NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  self = g_object_new (SB_TYPE_AUTOSAVE, NULL);
  self->sketch = g_object_ref (sketch);
  self->json_file = g_file_get_child (directory, "sketch.json");
  self->png_file = g_file_get_child (directory, "sketch.png");
  g_signal_connect_swapped (sketch, "edited", G_CALLBACK (on_edited), self);

  return self;
}

/* The sketch as the last save exported it. */
GFile *
sb_autosave_get_png_file (SbAutosave *self)
{
  g_return_val_if_fail (SB_IS_AUTOSAVE (self), NULL);

  return self->png_file;
}

gboolean
sb_autosave_get_busy (SbAutosave *self)
{
  g_return_val_if_fail (SB_IS_AUTOSAVE (self), FALSE);

  return self->timeout_id != 0 || self->writing;
}

/* Saves without waiting for the delay (the window is closing). */
void
sb_autosave_save_now (SbAutosave *self)
{
  g_return_if_fail (SB_IS_AUTOSAVE (self));

  if (self->timeout_id != 0)
    save (self);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbAutosave *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = sb_bounded_file_read_finish (result, &error);

  /* Nothing saved yet is not a failure; one too large, or no file at all
   * (a FIFO, a device), is damaged: set aside below, like any other. */
  if (contents == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (contents == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->restoring = TRUE;
  if (contents == NULL || !sb_sketch_load (self->sketch, contents, &error))
    {
      g_autofree char *name = g_strdup_printf ("sketch.json.damaged-%" G_GINT64_FORMAT, g_get_real_time ());
      g_autoptr(GFile) directory = g_file_get_parent (self->json_file);
      g_autoptr(GFile) aside = g_file_get_child (directory, name);

      /* Keep the damaged file for the curious; start a fresh sketch. */
      self->restoring = FALSE;
      g_file_move (self->json_file, aside, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->restoring = FALSE;

  g_task_return_boolean (task, TRUE);
}

/* Loads the last save into the sketch. */
void
sb_autosave_restore_async (SbAutosave          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SB_IS_AUTOSAVE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_autosave_restore_async);
  sb_bounded_file_read_async (self->json_file, SB_AUTOSAVE_MAX_BYTES, cancellable, on_loaded, task);
}

gboolean
sb_autosave_restore_finish (SbAutosave    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
