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
#include "sb-worker.h"

/* A regular file within a download's cap (the history's pictures are
 * downloads), then the header: a picture that declares 30000×30000 pixels
 * is refused, not decoded (the viewer took 6.3 GB for one). */
static GBytes *
read_checked (GFile         *file,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) bytes = sb_bounded_file_read (file, SB_DOWNLOAD_MAX_BYTES, cancellable, error);

  if (bytes == NULL || !sb_image_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SB_IMAGE_MAX_SIDE, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

typedef struct {
  GFile           *file;
  int              side;
  GdkTexture      *texture;   /* at its own size */
  GdkTexture      *shown;     /* at the size asked for */
} Display;

static void
display_free (Display *display)
{
  g_object_unref (display->file);
  g_clear_object (&display->texture);
  g_clear_object (&display->shown);
  g_free (display);
}

/* @pixbuf scaled to fit @side (never enlarged): drawn 1:1, the same
 * texture every frame, a GL renderer uploads it once. */
static GdkTexture *
texture_at_size (GdkPixbuf *pixbuf,
                 int        side)
{
  double scale = MIN (1.0, (double) side / MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)));
  int width = MAX (1, (int) (gdk_pixbuf_get_width (pixbuf) * scale + 0.5));
  int height = MAX (1, (int) (gdk_pixbuf_get_height (pixbuf) * scale + 0.5));
  g_autoptr(GdkPixbuf) scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
  g_autoptr(GBytes) pixels = gdk_pixbuf_read_pixel_bytes (scaled);
  g_autoptr(GdkTexture) read = gdk_memory_texture_new (width, height,
                                                       gdk_pixbuf_get_has_alpha (scaled) ? GDK_MEMORY_R8G8B8A8
                                                                                         : GDK_MEMORY_R8G8B8,
                                                       pixels, gdk_pixbuf_get_rowstride (scaled));
  guchar *shown = g_malloc ((gsize) width * height * 4);

  /* Converted here, once, to the renderers' own layout (premultiplied
   * BGRA, cairo's): a software renderer then copies it each frame rather
   * than converting it. */
  gdk_texture_download (read, shown, (gsize) width * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT,
                                 g_bytes_new_take (shown, (gsize) width * height * 4), (gsize) width * 4);
}

static void
display_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Display *display = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = read_checked (display->file, cancellable, &error);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *pixbuf;
  gboolean written;

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Made only now: a loader must be closed before it goes. */
  loader = gdk_pixbuf_loader_new ();
  written = gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  if (!gdk_pixbuf_loader_close (loader, written ? &error : NULL) || !written)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Decoded once: the texture shares the pixbuf's pixels. */
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  {
    g_autoptr(GBytes) pixels = gdk_pixbuf_read_pixel_bytes (pixbuf);

    display->texture = gdk_memory_texture_new (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                                               gdk_pixbuf_get_has_alpha (pixbuf) ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                               pixels, gdk_pixbuf_get_rowstride (pixbuf));
  }
  display->shown = texture_at_size (pixbuf, display->side);
  g_task_return_boolean (task, TRUE);
}

/* A picture to show at about @side pixels: decoded, and scaled to that
 * size, in a worker thread, so the frame that shows it copies pixels
 * rather than scaling them (tens of milliseconds in software). */
void
sb_texture_load_for_display_async (GFile               *file,
                                   int                  side,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Display *display = g_new0 (Display, 1);

  g_return_if_fail (G_IS_FILE (file));

  display->file = g_object_ref (file);
  display->side = MAX (side, 1);
  g_task_set_source_tag (task, sb_texture_load_for_display_async);
  g_task_set_task_data (task, display, (GDestroyNotify) display_free);
  sb_worker_run (task, display_thread);
}

/* Returns: (transfer full): the picture at its own size; @shown: (out)
 * (transfer full): the same at the size asked for */
GdkTexture *
sb_texture_load_for_display_finish (GAsyncResult  *result,
                                    GdkTexture   **shown,
                                    GError       **error)
{
  Display *display;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  display = g_task_get_task_data (G_TASK (result));
  *shown = g_steal_pointer (&display->shown);
  return g_steal_pointer (&display->texture);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = NULL;
  g_autoptr(GBytes) bytes = read_checked (task_data, cancellable, &error);

  if (bytes != NULL)
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
