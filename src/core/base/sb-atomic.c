/* sb-atomic.c: files written so that a failed write leaves the old one
 *
 * GIO's g_file_replace_contents() on GLib 2.74 truncates the destination when
 * the disk fills up mid-write, and still reports the error: the old entry.json
 * of a paid generation is gone. g_file_set_contents_full() writes a temporary
 * file beside it, syncs it and renames it over the old one only once the
 * whole write succeeded; on any failure the temporary file goes and the old
 * file stays. Every file Sketchbloom keeps goes through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-atomic"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-atomic.h"
#include "sb-bounded-file.h"

/* Blocking: call from a worker thread. The error names the file. */
gboolean
sb_atomic_write (GFile   *file,
                 GBytes  *bytes,
                 GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Cannot save %s: not a local file"), uri);
      return FALSE;
    }

  /* 0666 less the umask, as any new file. */
  return g_file_set_contents_full (path, data != NULL ? data : "", length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (sb_atomic_write (G_FILE (source_object), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The same in a worker thread; the result's source object is @file. */
void
sb_atomic_write_async (GFile               *file,
                       GBytes              *bytes,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_atomic_write_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_thread);
}

gboolean
sb_atomic_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Copies a file of at most @max_bytes the same way (blocking). */
gboolean
sb_atomic_copy (GFile         *source,
                GFile         *destination,
                gsize          max_bytes,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = sb_bounded_file_read (source, max_bytes, cancellable, error);

  return bytes != NULL && sb_atomic_write (destination, bytes, error);
}
