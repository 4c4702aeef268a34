/* sb-uploader.c: putting the sketch where the service can fetch it
 *
 * Whatever the method, the rules are the same and live here: the image is
 * checked against the service's limits before any request (off the main
 * thread: it is decoded), and stored under a fresh random ASCII name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-uploader.h"

G_DEFINE_INTERFACE (SbUploader, sb_uploader, G_TYPE_OBJECT)

static void
sb_uploader_default_init (SbUploaderInterface *iface)
{
}

/**
 * sb_uploader_check_image:
 * @extension: (out) (optional): "png", "jpg", …
 * @content_type: (out) (optional): "image/png", …
 *
 * The reference's rules for a sketch: JPEG, PNG, TIFF or WEBP; 256 to 2048
 * pixels a side; at most 10 MB; and square, as the output is 768*768.
 */
gboolean
sb_uploader_check_image (GBytes      *image,
                         const char **extension,
                         const char **content_type,
                         GError     **error)
{
  static const struct { const char *format; const char *extension; const char *mime; } accepted[] = {
    { "png", "png", "image/png" },
    { "jpeg", "jpg", "image/jpeg" },
    { "tiff", "tiff", "image/tiff" },
    { "webp", "webp", "image/webp" },
  };
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autofree char *format = NULL;
  GdkPixbufFormat *info;
  GdkPixbuf *pixbuf;
  gboolean decoded;
  int width, height;

  if (g_bytes_get_size (image) > SB_SKETCH_MAX_BYTES)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The sketch is %.1f MB; DashScope accepts at most 10 MB"),
                   g_bytes_get_size (image) / (1024.0 * 1024.0));
      return FALSE;
    }

  loader = gdk_pixbuf_loader_new ();
  decoded = gdk_pixbuf_loader_write_bytes (loader, image, NULL);
  decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
  pixbuf = decoded ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  info = pixbuf != NULL ? gdk_pixbuf_loader_get_format (loader) : NULL;
  format = info != NULL ? gdk_pixbuf_format_get_name (info) : NULL;

  for (guint i = 0; format != NULL && i < G_N_ELEMENTS (accepted); i++)
    {
      if (!g_str_equal (format, accepted[i].format))
        continue;

      width = gdk_pixbuf_get_width (pixbuf);
      height = gdk_pixbuf_get_height (pixbuf);
      if (width < SB_SKETCH_MIN_SIDE || height < SB_SKETCH_MIN_SIDE ||
          width > SB_SKETCH_MAX_SIDE || height > SB_SKETCH_MAX_SIDE)
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("The sketch is %d×%d pixels; DashScope accepts %d to %d pixels a side"),
                       width, height, SB_SKETCH_MIN_SIDE, SB_SKETCH_MAX_SIDE);
          return FALSE;
        }
      if (width != height)
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("The sketch is %d×%d pixels; it must be square, or the pictures come out stretched"),
                       width, height);
          return FALSE;
        }

      if (extension != NULL)
        *extension = accepted[i].extension;
      if (content_type != NULL)
        *content_type = accepted[i].mime;
      return TRUE;
    }

  g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("The sketch is not a JPEG, PNG, TIFF or WEBP picture"));
  return FALSE;
}

/**
 * sb_uploader_error_new:
 * @transport: (nullable): the network error, when there was no answer
 *
 * An upload error that names the host and what went wrong there.
 */
GError *
sb_uploader_error_new (const char   *host,
                       guint         status,
                       const char   *reason,
                       const GError *transport)
{
  if (transport != NULL)
    return g_error_new (SB_ERROR, SB_ERROR_UPLOAD, _("Could not upload the sketch to %s: %s"),
                        host, transport->message);

  return g_error_new (SB_ERROR, SB_ERROR_UPLOAD, _("Could not upload the sketch to %s: HTTP %u %s"),
                      host, status, reason != NULL ? reason : "");
}

/* Adds "Name: value" lines as request headers. */
gboolean
sb_uploader_add_headers (SoupMessage        *msg,
             const char * const *headers,
             GError            **error)
{
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL || colon == headers[i])
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("“%s” is not a header: write it as Name: value"), headers[i]);
          return FALSE;
        }
      name = g_strstrip (g_strndup (headers[i], colon - headers[i]));
      value = g_strstrip (g_strdup (colon + 1));
      soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
    }

  return TRUE;
}

typedef struct {
  GBytes     *image;
  const char *extension;
  const char *content_type;
} Upload;

static void
upload_free (Upload *upload)
{
  g_bytes_unref (upload->image);
  g_free (upload);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Upload *upload = task_data;
  GError *error = NULL;

  if (sb_uploader_check_image (upload->image, &upload->extension, &upload->content_type, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *url = SB_UPLOADER_GET_IFACE (source)->upload_finish (SB_UPLOADER (source), result, &error);

  if (url != NULL)
    g_task_return_pointer (task, url, g_free);
  else
    g_task_return_error (task, error);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (G_TASK (result));
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Fresh, random and ASCII: no clash, no guessing, no Chinese characters. */
  uuid = g_uuid_string_random ();
  name = g_strdup_printf ("sketchbloom-%s.%s", uuid, upload->extension);
  SB_UPLOADER_GET_IFACE (source)->upload_async (SB_UPLOADER (source), upload->image, name, upload->content_type,
                                                g_task_get_cancellable (task), on_uploaded,
                                                g_object_ref (task));
}

/**
 * sb_uploader_upload_async:
 *
 * Checks @image against the service's limits (refusing it before any request
 * with SB_ERROR_INVALID_INPUT), then stores it; finishes with its URL.
 */
void
sb_uploader_upload_async (SbUploader          *self,
                          GBytes              *image,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) check = NULL;
  GTask *task;
  Upload *upload;

  g_return_if_fail (SB_IS_UPLOADER (self));
  g_return_if_fail (image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_uploader_upload_async);

  upload = g_new0 (Upload, 1);
  upload->image = g_bytes_ref (image);
  check = g_task_new (self, cancellable, on_checked, task);
  g_task_set_task_data (check, upload, (GDestroyNotify) upload_free);
  g_task_run_in_thread (check, check_thread);
}

char *
sb_uploader_upload_finish (SbUploader    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
