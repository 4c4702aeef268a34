/* sb-thumbnail.c: small pictures for the gallery, kept beside the history
 *
 * Decoding a generated picture (768 px or more) for a tile takes tens of
 * milliseconds; a tile-sized copy takes one or two. The first time a
 * picture is shown, its thumbnail is written next to it (".NAME.thumb",
 * a PNG, atomically) — or as soon as it arrives, by the download that
 * decoded it anyway; afterwards that is read instead, as long as it is
 * newer than the picture and no larger than a thumbnail can be. A thumbnail
 * that cannot be written costs nothing but the next decode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-thumbnail"

#include "config.h"

#include "sb-atomic.h"
#include "sb-bounded-file.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-thumbnail.h"
#include "sb-worker.h"

/* More than a tile-sized PNG can be: anything larger was not written here. */
#define THUMBNAIL_MAX_BYTES (2 * 1024 * 1024)

/* Returns: (transfer full): where @image's thumbnail is kept */
GFile *
sb_thumbnail_get_file (GFile *image)
{
  g_autofree char *name = g_file_get_basename (image);
  g_autofree char *thumbnail = g_strdup_printf (".%s.thumb", name);
  g_autoptr(GFile) parent = g_file_get_parent (image);

  return g_file_get_child (parent, thumbnail);
}

static guint64
modified (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                                                 NULL, NULL);

  return info != NULL ? g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) : 0;
}

/* @file read (bounded: a regular file of at most @max_bytes), its header
 * checked for at most @max_side pixels a side, then decoded, at @size if
 * not 0. Blocking. */
static GdkPixbuf *
decode_file (GFile    *file,
             gsize     max_bytes,
             guint     max_side,
             int       size,
             GError  **error)
{
  g_autoptr(GBytes) bytes = sb_bounded_file_read (file, max_bytes, NULL, error);
  g_autoptr(GInputStream) stream = NULL;

  if (bytes == NULL || !sb_image_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), max_side, error))
    return NULL;
  stream = g_memory_input_stream_new_from_bytes (bytes);
  if (size > 0)
    return gdk_pixbuf_new_from_stream_at_scale (stream, size, size, TRUE, NULL, error);
  return gdk_pixbuf_new_from_stream (stream, NULL, error);
}

/* The kept thumbnail, when it is one and still the picture's. */
static GdkPixbuf *
load_kept (GFile *image,
           GFile *thumbnail,
           int    size)
{
  guint64 thumbnail_time = modified (thumbnail);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (thumbnail_time == 0 || thumbnail_time < modified (image))
    return NULL;

  pixbuf = decode_file (thumbnail, THUMBNAIL_MAX_BYTES, size, 0, NULL);
  if (pixbuf == NULL || MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)) != size)
    return NULL;
  return g_steal_pointer (&pixbuf);
}

/**
 * sb_thumbnail_keep:
 * @image: the picture, already written
 * @pixbuf: @image decoded, at any size
 * @size: the thumbnail's longer side
 *
 * Writes @image's thumbnail (atomically) from @pixbuf, scaled down to
 * @size; a picture no larger than that has none. Blocking: call from a
 * worker thread. A thumbnail that cannot be written costs nothing but the
 * next decode.
 */
void
sb_thumbnail_keep (GFile     *image,
                   GdkPixbuf *pixbuf,
                   int        size)
{
  g_autoptr(GFile) thumbnail = sb_thumbnail_get_file (image);
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *png = NULL;
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int longer = MAX (width, height);
  gsize length;

  g_return_if_fail (size > 0);

  if (longer < size)
    return;
  if (longer > size)
    scaled = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) ((gint64) width * size / longer)),
                                      MAX (1, (int) ((gint64) height * size / longer)), GDK_INTERP_BILINEAR);
  else
    scaled = g_object_ref (pixbuf);

  if (scaled == NULL ||
      !gdk_pixbuf_save_to_buffer (scaled, &png, &length, "png", &error, "compression", "3", NULL))
    {
      g_debug ("No thumbnail kept for %s: %s", g_file_peek_path (image), error != NULL ? error->message : "no memory");
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&png), length);
  if (!sb_atomic_write (thumbnail, bytes, &error))
    g_debug ("No thumbnail kept for %s: %s", g_file_peek_path (image), error->message);
}

/**
 * sb_thumbnail_load:
 * @size: the longer side wanted, in pixels
 *
 * Blocking: call from a worker thread.
 *
 * Returns: (transfer full): @image at @size, from its kept thumbnail or
 *   decoded (its header checked first: no bomb is decoded) and then kept
 */
GdkPixbuf *
sb_thumbnail_load (GFile   *image,
                   int      size,
                   GError **error)
{
  g_autoptr(GFile) thumbnail = sb_thumbnail_get_file (image);
  g_autoptr(GdkPixbuf) pixbuf = load_kept (image, thumbnail, size);

  if (pixbuf != NULL)
    return g_steal_pointer (&pixbuf);

  /* Every picture in the history came as a download, within its cap. */
  pixbuf = decode_file (image, SB_DOWNLOAD_MAX_BYTES, SB_IMAGE_MAX_SIDE, size, error);
  if (pixbuf == NULL)
    return NULL;

  /* Decoded at @size: kept as it is, for the next time. */
  sb_thumbnail_keep (image, pixbuf, size);
  return g_steal_pointer (&pixbuf);
}

static void
judge_grey (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = sb_thumbnail_load (source_object, SB_THUMBNAIL_SIZE, &error);

  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, sb_image_looks_grey (gdk_pixbuf_read_pixels (pixbuf), gdk_pixbuf_get_width (pixbuf),
                                                    gdk_pixbuf_get_height (pixbuf),
                                                    gdk_pixbuf_get_rowstride (pixbuf),
                                                    gdk_pixbuf_get_n_channels (pixbuf)));
}

/**
 * sb_thumbnail_looks_grey_async:
 *
 * Whether @image has no colour of its own (line art, a pencil drawing):
 * judged from its thumbnail on a picture worker, so a print-size picture
 * is never decoded whole for it.
 */
void
sb_thumbnail_looks_grey_async (GFile               *image,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (image, cancellable, callback, user_data);

  g_return_if_fail (G_IS_FILE (image));

  g_task_set_source_tag (task, sb_thumbnail_looks_grey_async);
  sb_worker_run (task, judge_grey);
}

/* Returns: whether it looks grey; FALSE with @error when it could not be read */
gboolean
sb_thumbnail_looks_grey_finish (GFile         *image,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, image), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
