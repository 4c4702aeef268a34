/* sb-uploader.c: putting the sketch where the service can fetch it
 *
 * Whatever the method, the rules are the same and live here: the image is
 * checked against the service's limits before any request (off the main
 * thread: it is decoded), and stored under a fresh random ASCII name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-uploader"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-image-probe.h"
#include "sb-png.h"
#include "sb-uploader.h"
#include "sb-http.h"
#include "sb-uploader-private.h"

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
  gboolean decoded, known;
  guint probed_width, probed_height;
  int width, height;

  if (!sb_uploader_check_size (g_bytes_get_size (image), error))
    return FALSE;

  /* The header first (format, and no bomb), and the whole file there: a
   * sketch cut short decodes "fine" and makes a paid task of a grey square.
   * (What the probe does not know is refused below, in the words of the
   * formats DashScope takes.) */
  known = sb_image_probe (g_bytes_get_data (image, NULL), g_bytes_get_size (image), &probed_width, &probed_height)
          != SB_IMAGE_UNKNOWN;
  if (known && !sb_image_check_import (g_bytes_get_data (image, NULL), g_bytes_get_size (image), error))
    {
      g_prefix_error (error, "%s", _("The sketch cannot be sent: "));
      return FALSE;
    }
  if (known && !sb_image_is_whole (g_bytes_get_data (image, NULL), g_bytes_get_size (image)))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The sketch file is cut short"));
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

/**
 * sb_uploader_read_answer:
 *
 * Finishes soup_session_send_and_read_async() for an upload: the answer's
 * body when the host said 2xx; otherwise an error naming the host and what
 * happened (cancellation stays G_IO_ERROR_CANCELLED).
 */
GBytes *
sb_uploader_read_answer (SoupSession   *session,
                         GAsyncResult  *result,
                         GError       **error)
{
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &local_error);
  const char *host = g_uri_get_host (soup_message_get_uri (msg));

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (body == NULL)
    g_propagate_error (error, sb_uploader_error_new (host, 0, NULL, local_error));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    g_propagate_error (error, sb_uploader_error_new (host, soup_message_get_status (msg),
                                                     soup_message_get_reason_phrase (msg), NULL));
  else
    return g_steal_pointer (&body);

  return NULL;
}

/* A sketch of @size bytes is within what DashScope accepts: checked on the
 * bytes before an upload, and on a file before it is read. */
gboolean
sb_uploader_check_size (guint64   size,
                        GError  **error)
{
  if (size <= SB_SKETCH_MAX_BYTES)
    return TRUE;

  g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
               _("The sketch is %.1f MB; DashScope accepts at most 10 MB"), size / (1024.0 * 1024.0));
  return FALSE;
}

/* Each must be "Name: value" with a name of token characters and a value
 * without line breaks or other control characters: a CR/LF would smuggle
 * in headers of its own. */
gboolean
sb_uploader_check_headers (const char * const  *headers,
                           GError             **error)
{
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');

      if (colon == NULL || colon == headers[i] ||
          strspn (headers[i], "!#$%&'*+-.^_`|~0123456789"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != (gsize) (colon - headers[i]))
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("“%s” is not a header: write it as Name: value"), headers[i]);
          return FALSE;
        }
      for (const char *c = colon + 1; *c != '\0'; c++)
        if ((guchar) *c < 0x20 && *c != '\t')
          {
            g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                         _("The header %.*s has a line break or another control character in its value"),
                         (int) (colon - headers[i]), headers[i]);
            return FALSE;
          }
    }

  return TRUE;
}

/* Adds "Name: value" lines as request headers. */
gboolean
sb_uploader_add_headers (SoupMessage        *msg,
             const char * const *headers,
             GError            **error)
{
  if (!sb_uploader_check_headers (headers, error))
    return FALSE;

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

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

/* "Test upload": a small probe goes up the configured way and is read back
 * from its public address, proving the whole path the service will take. */

typedef struct {
  GBytes      *probe;
  char        *url;
  SoupSession *session;
} Probe;

static void
probe_free (Probe *probe)
{
  g_bytes_unref (probe->probe);
  g_free (probe->url);
  g_clear_object (&probe->session);
  g_free (probe);
}

static GBytes *
make_probe (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SB_SKETCH_MIN_SIDE, SB_SKETCH_MIN_SIDE);
  cairo_t *cr = cairo_create (surface);
  GBytes *png;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 6);
  cairo_arc (cr, 128, 128, 80, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_destroy (cr);

  png = sb_png_encode_compact (surface, NULL);
  cairo_surface_destroy (surface);
  return png;
}

static void
on_probe_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  const char *host = g_uri_get_host (soup_message_get_uri (msg));

  if (body == NULL)
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_UPLOAD,
                             _("The probe was uploaded, but reading it back from %s failed: %s"), host, error->message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_UPLOAD,
                             _("The probe was uploaded, but reading it back from %s failed: HTTP %u %s"),
                             host, soup_message_get_status (msg), soup_message_get_reason_phrase (msg));
  else if (!g_bytes_equal (body, probe->probe))
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_UPLOAD,
                             _("The probe was uploaded, but %s gives back something else: check the public address"),
                             host);
  else
    g_task_return_pointer (task, g_strdup (probe->url), g_free);
}

static void
on_probe_uploaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  probe->url = sb_uploader_upload_finish (SB_UPLOADER (source), result, &error);
  if (probe->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* oss:// is readable by DashScope alone, with the same key: uploaded is all we can know. */
  if (!g_str_has_prefix (probe->url, "http://") && !g_str_has_prefix (probe->url, "https://"))
    {
      g_task_return_pointer (task, g_strdup (probe->url), g_free);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, probe->url);
  probe->session = sb_http_session_new (30);
  soup_session_send_and_read_async (probe->session, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    on_probe_read, g_object_ref (task));
}

/**
 * sb_uploader_test_async:
 *
 * Finishes with the probe's URL once it is uploaded and reads back the same,
 * or with an error saying which step failed, and where.
 */
void
sb_uploader_test_async (SbUploader          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Probe *probe = g_new0 (Probe, 1);

  probe->probe = make_probe ();
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  sb_uploader_upload_async (self, probe->probe, cancellable, on_probe_uploaded, g_object_ref (task));
}

char *
sb_uploader_test_finish (SbUploader    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
