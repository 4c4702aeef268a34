/* sb-texture.c: pictures decoded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-texture"

#include "config.h"

#include "sb-image-probe.h"
#include "sb-bounded-file.h"
#include "sb-limits.h"
#include "sb-texture.h"

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = NULL;
  /* A regular file within a download's cap (the history's pictures are
   * downloads), then the header: a picture that declares 30000×30000
   * pixels is refused, not decoded (the viewer took 6.3 GB for one). */
  g_autoptr(GBytes) bytes = sb_bounded_file_read (task_data, SB_DOWNLOAD_MAX_BYTES, cancellable, &error);

  if (bytes != NULL && sb_image_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SB_IMAGE_MAX_SIDE, &error))
    texture = gdk_texture_new_from_bytes (bytes, &error);

  if (texture != NULL)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* Decodes @file in a worker thread: the main loop never waits for it. */
void
sb_texture_load_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, sb_texture_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
sb_texture_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
