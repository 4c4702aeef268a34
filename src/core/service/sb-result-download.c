/* sb-result-download.c: a result picture, fetched and kept
 *
 * The address comes from a task's answer, so it is treated as hostile: no
 * key sent, https only (or http to this computer), redirects few and
 * checked, a size cap while reading, the whole picture decoded and probed
 * for bombs before it is kept, and written atomically with the
 * generation's text in it, its gallery thumbnail beside it. Transient failures are retried with backoff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-result-download"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "sb-atomic.h"
#include "sb-error.h"
#include "sb-http.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-png.h"
#include "sb-result-download.h"
#include "sb-thumbnail.h"
#include "sb-worker.h"

/* A result is asked for at most three times before it counts as failed
 * (Retry and the next start fetch it again while DashScope keeps it). */
#define MAX_ATTEMPTS 3
#define READ_CHUNK 65536

typedef struct {
  SoupSession  *session;
  char         *url;
  char         *host;
  GFile        *directory;
  char         *basename;
  GStrv         png_text;
  GByteArray   *data;
  GInputStream *stream;
  guint         attempt;
  guint         redirects;
} Download;

static void download_send (GTask *gtask);

static void
download_free (Download *download)
{
  g_clear_object (&download->session);
  g_free (download->url);
  g_free (download->host);
  g_clear_object (&download->directory);
  g_free (download->basename);
  g_strfreev (download->png_text);
  g_clear_pointer (&download->data, g_byte_array_unref);
  g_clear_object (&download->stream);
  g_free (download);
}

/* "<task id>-<n>" with anything but [A-Za-z0-9_-] replaced: never a path. */
char *
sb_result_download_file_name (const char *task_id,
                             guint       index)
{
  g_autofree char *safe = g_strdup (task_id != NULL && *task_id != '\0' ? task_id : "task");

  g_strcanon (safe, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", '_');
  if (strlen (safe) > 64)
    safe[64] = '\0';

  return g_strdup_printf ("%s-%u", safe, index);
}

static void
download_fail (GTask  *gtask,
               GError *error)
{
  Download *download = g_task_get_task_data (gtask);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error->domain != SB_ERROR)
    {
      GError *wrapped = g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD, _("Could not download an image from %s: %s"),
                                     download->host, error->message);
      g_error_free (error);
      error = wrapped;
    }

  g_task_return_error (gtask, error);
  g_object_unref (gtask);
}

/* In a worker thread: decode (to know it is an image), then write atomically. */
static void
download_save_thread (GTask        *gtask,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Download *download = task_data;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) extensions = NULL;
  GdkPixbufFormat *format;
  gboolean decoded;

  /* From the header alone: a format DashScope documents, of a sane size (a
   * small PNG can declare 30000×30000 pixels), before anything decodes it. */
  if (!sb_image_check (download->data->data, download->data->len, SB_IMAGE_MAX_SIDE, &error))
    {
      g_task_return_new_error (gtask, SB_ERROR, SB_ERROR_DOWNLOAD,
                               _("The result from %s is refused: %s"), download->host, error->message);
      return;
    }

  loader = gdk_pixbuf_loader_new ();
  decoded = gdk_pixbuf_loader_write (loader, download->data->data, download->data->len, NULL);
  /* Close whatever happened: a loader must not be finalized open. */
  decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
  if (!decoded || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      g_task_return_new_error (gtask, SB_ERROR, SB_ERROR_DOWNLOAD,
                               _("The result from %s is not an image"), download->host);
      return;
    }

  format = gdk_pixbuf_loader_get_format (loader);
  extensions = gdk_pixbuf_format_get_extensions (format);
  name = g_strdup_printf ("%s.%s", download->basename,
                          extensions != NULL && extensions[0] != NULL ? extensions[0] : "img");
  file = g_file_get_child (download->directory, name);

  /* Written beside, synced and renamed: a crash or a full disk leaves no
   * half image (sb-atomic.c). */
  if (!g_file_make_directory_with_parents (download->directory, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  /* The generation's parameters travel inside the PNG, for whoever opens it later. */
  if (download->png_text != NULL)
    {
      g_autoptr(GBytes) original = g_bytes_new_static (download->data->data, download->data->len);
      g_autoptr(GBytes) tagged = sb_png_add_text (original, (const char * const *) download->png_text);

      if (tagged != NULL)
        {
          g_byte_array_set_size (download->data, 0);
          g_byte_array_append (download->data, g_bytes_get_data (tagged, NULL), g_bytes_get_size (tagged));
        }
    }

  bytes = g_bytes_new_static (download->data->data, download->data->len);
  if (!sb_atomic_write (file, bytes, &error))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  /* Decoded already: the gallery's copy costs a scale, not a second decode. */
  sb_thumbnail_keep (file, gdk_pixbuf_loader_get_pixbuf (loader), SB_THUMBNAIL_SIZE);

  g_task_return_pointer (gtask, g_steal_pointer (&file), g_object_unref);
}

static void
on_download_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *gtask = user_data;
  Download *download = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      download_fail (gtask, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      if (download->data->len + g_bytes_get_size (chunk) > SB_DOWNLOAD_MAX_BYTES)
        {
          download_fail (gtask, g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD,
                                             _("The result from %s is larger than %d MB"),
                                             download->host, SB_DOWNLOAD_MAX_BYTES / (1024 * 1024)));
          return;
        }

      g_byte_array_append (download->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      g_input_stream_read_bytes_async (download->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (gtask), on_download_read, gtask);
      return;
    }

  /* End of the body: decode and write off the main thread, on the
   * picture workers (never all the cores at once). */
  sb_worker_run (gtask, download_save_thread);
  g_object_unref (gtask);
}

static void
on_download_slept (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *gtask = user_data;
  GError *error = NULL;

  if (!sb_http_sleep_finish (result, &error))
    download_fail (gtask, error);
  else
    download_send (gtask);
}

static void
on_download_sent (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *gtask = user_data;
  Download *download = g_task_get_task_data (gtask);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;
  goffset length;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && download->attempt < MAX_ATTEMPTS)
        {
          sb_http_sleep_async (sb_http_retry_delay (download->attempt, NULL), g_task_get_cancellable (gtask), on_download_slept, gtask);
          return;
        }
      download_fail (gtask, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  /* Redirects are followed here, not by libsoup, so each hop is checked as
   * the first URL was: https, or http to this computer, and only a few. */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
      g_autoptr(GUri) next = location != NULL ? g_uri_parse_relative (soup_message_get_uri (msg), location,
                                                                         G_URI_FLAGS_NONE, NULL) : NULL;
      g_autofree char *next_url = next != NULL ? g_uri_to_string (next) : NULL;
      g_autoptr(GError) refused = NULL;

      if (next_url == NULL || ++download->redirects > SB_DOWNLOAD_MAX_REDIRECTS ||
          !sb_http_check_url (next_url, &refused))
        {
          download_fail (gtask, g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD,
                                             _("The result on %s redirects where it may not go: %s"), download->host,
                                             refused != NULL ? refused->message : next_url != NULL ? _("too many redirects")
                                                                                                   : _("no address")));
          return;
        }
      g_free (download->url);
      download->url = g_steal_pointer (&next_url);
      download->attempt--;   /* a hop is not a failed attempt */
      download_send (gtask);
      return;
    }
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_GONE)
    {
      download_fail (gtask, g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD,
                                         _("The result on %s is gone (HTTP %u): results are kept for 24 hours"),
                                         download->host, status));
      return;
    }
  if (SOUP_STATUS_IS_SERVER_ERROR (status) && download->attempt < MAX_ATTEMPTS)
    {
      sb_http_sleep_async (sb_http_retry_delay (download->attempt, NULL), g_task_get_cancellable (gtask), on_download_slept, gtask);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      download_fail (gtask, g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD,
                                         _("Could not download an image from %s: HTTP %u %s"),
                                         download->host, status, soup_message_get_reason_phrase (msg)));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > SB_DOWNLOAD_MAX_BYTES)
    {
      download_fail (gtask, g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD,
                                         _("The result from %s is larger than %d MB"),
                                         download->host, SB_DOWNLOAD_MAX_BYTES / (1024 * 1024)));
      return;
    }

  g_set_object (&download->stream, stream);
  g_byte_array_set_size (download->data, 0);
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (gtask), on_download_read, gtask);
}

static void
download_send (GTask *gtask)
{
  Download *download = g_task_get_task_data (gtask);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, download->url);

  download->attempt++;
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* No Authorization here: result hosts never see the key. */
  soup_session_send_async (download->session, msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (gtask), on_download_sent, gtask);
}

/**
 * sb_result_download_async:
 * @session: the session to fetch with (one without the key: result hosts
 *   never see it)
 * @basename: the file name without extension; the image's format adds it
 * @png_text: (nullable): keyword, text, …, NULL: written into a PNG result
 *
 * Finishes with the file written into @directory.
 */
void
sb_result_download_async (SoupSession         *session,
                          const char          *url,
                          GFile               *directory,
                          const char          *basename,
                          const char * const  *png_text,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  Download *download;
  GTask *gtask;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (G_IS_FILE (directory));
  g_return_if_fail (basename != NULL && strchr (basename, '/') == NULL);

  if (!sb_http_check_url (url, &error))
    {
      g_task_report_error (NULL, callback, user_data, sb_result_download_async,
                           g_error_new (SB_ERROR, SB_ERROR_DOWNLOAD, "%s", error->message));
      return;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  download = g_new0 (Download, 1);
  download->session = g_object_ref (session);
  download->url = g_strdup (url);
  download->host = g_strdup (g_uri_get_host (uri));
  download->directory = g_object_ref (directory);
  download->basename = g_strdup (basename);
  download->png_text = g_strdupv ((char **) png_text);
  download->data = g_byte_array_new ();

  gtask = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, sb_result_download_async);
  g_task_set_task_data (gtask, download, (GDestroyNotify) download_free);
  download_send (gtask);
}

GFile *
sb_result_download_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
