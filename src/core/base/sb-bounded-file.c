/* sb-bounded-file.c: reading back a file that may have been tampered with
 *
 * Every file the app and the CLI read back (entries, the ledger, the
 * autosave, sketches for Retry, pictures, thumbnails) comes through here.
 * Only a regular file is read (a FIFO would hang the reader, /dev/zero
 * would fill memory), a symlink counts as what it points to, and a size
 * over the file's limit is refused before a byte is read. Blocking: call
 * from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* O_CLOEXEC under -std=c11 */
#define G_LOG_DOMAIN "sb-bounded-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "sb-bounded-file.h"

#define CHUNK 65536

static gboolean
too_large (GFile   *file,
           goffset  size,
           gsize    max_bytes,
           GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *limit = g_format_size (max_bytes);

  if (size >= 0)
    {
      g_autofree char *found = g_format_size (size);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("%s is larger than it can be (%s; at most %s)"), name, found, limit);
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                 _("%s is larger than it can be (at most %s)"), name, limit);
  return FALSE;
}

/* Opens @file for reading if it is a regular file (after symlinks) of at
 * most @max_bytes, or NULL. O_NONBLOCK: opening a FIFO returns at once
 * (it is then refused), where a plain open would wait for a writer. */
static GInputStream *
open_regular (GFile         *file,
              gsize          max_bytes,
              gboolean       any_size,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *path = g_file_peek_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  struct stat st;
  int fd;

  if (path == NULL)
    {
      /* Not a local file (a URI GIO reaches some other way): GIO's own
       * type and size, checked before reading. */
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, error);

      if (info == NULL)
        return NULL;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s is not a regular file"), name);
          return NULL;
        }
      if (!any_size && (guint64) g_file_info_get_size (info) > max_bytes)
        {
          too_large (file, g_file_info_get_size (info), max_bytes, error);
          return NULL;
        }
      return G_INPUT_STREAM (g_file_read (file, cancellable, error));
    }

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s could not be opened: %s"),
                   name, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s is not a regular file"), name);
      close (fd);
      return NULL;
    }
  if (!any_size && (guint64) st.st_size > max_bytes)
    {
      too_large (file, st.st_size, max_bytes, error);
      close (fd);
      return NULL;
    }
  /* A regular file never blocks; reads go on as usual. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return g_unix_input_stream_new (fd, TRUE);
}

/* At most @limit bytes of @input; *@more says whether there was more. */
static GBytes *
read_up_to (GInputStream  *input,
            gsize          limit,
            gboolean      *more,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 probe;
  gsize got;

  *more = FALSE;
  while (data->len < limit)
    {
      gsize want = MIN (CHUNK, limit - data->len);
      guint old = data->len;

      g_byte_array_set_size (data, old + want);
      if (!g_input_stream_read_all (input, data->data + old, want, &got, cancellable, error))
        return NULL;
      g_byte_array_set_size (data, old + got);
      if (got < want)
        return g_byte_array_free_to_bytes (g_steal_pointer (&data));
    }

  /* The file grew since it was measured: one byte tells. */
  if (!g_input_stream_read_all (input, &probe, 1, &got, cancellable, error))
    return NULL;
  *more = got > 0;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * sb_bounded_file_read:
 * @max_bytes: the file's limit
 *
 * Returns: (transfer full) (nullable): the whole of @file, a regular file
 * of at most @max_bytes; else NULL with G_IO_ERROR_NOT_REGULAR_FILE,
 * G_IO_ERROR_MESSAGE_TOO_LARGE, or the error opening it (NOT_FOUND…).
 */
GBytes *
sb_bounded_file_read (GFile         *file,
                      gsize          max_bytes,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean more;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  input = open_regular (file, max_bytes, FALSE, cancellable, error);
  if (input == NULL)
    return NULL;
  bytes = read_up_to (input, max_bytes, &more, cancellable, error);
  if (bytes != NULL && more)
    {
      too_large (file, -1, max_bytes, error);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/**
 * sb_bounded_file_read_head:
 *
 * Returns: (transfer full) (nullable): the first @length bytes (or fewer)
 * of @file, a regular file of any size: what a header check reads.
 */
GBytes *
sb_bounded_file_read_head (GFile         *file,
                           gsize          length,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GInputStream) input = NULL;
  gboolean more;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  input = open_regular (file, length, TRUE, cancellable, error);
  if (input == NULL)
    return NULL;
  return read_up_to (input, length, &more, cancellable, error);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  gsize max_bytes = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "max-bytes"));
  GError *error = NULL;
  GBytes *bytes = sb_bounded_file_read (file, max_bytes, cancellable, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* sb_bounded_file_read() in a worker thread, for the main loop's callers. */
void
sb_bounded_file_read_async (GFile               *file,
                            gsize                max_bytes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, sb_bounded_file_read_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "max-bytes", GSIZE_TO_POINTER (max_bytes));
  g_task_run_in_thread (task, read_thread);
}

/* Returns: (transfer full) (nullable): the file's bytes */
GBytes *
sb_bounded_file_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
