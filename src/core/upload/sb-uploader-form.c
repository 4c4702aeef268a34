/* sb-uploader-form.c: upload as a multipart form to an image host
 *
 * Many image hosts take a POST with a multipart/form-data file field and
 * answer with the public URL, either as the whole body or inside JSON at a
 * member path such as data.url.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-uploader-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-json.h"
#include "sb-uploader-form.h"
#include "sb-http.h"
#include "sb-uploader-private.h"

#define MAX_ANSWER_BYTES (64 * 1024)

struct _SbUploaderForm
{
  GObject      parent_instance;

  SoupSession *session;
  char        *endpoint;
  char        *file_field;
  GStrv        fields;     /* "name=value" */
  GStrv        headers;    /* "Name: value" */
  char        *url_path;   /* NULL: the body is the URL */
};

static void uploader_iface_init (SbUploaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbUploaderForm, sb_uploader_form, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_UPLOADER, uploader_iface_init))

/* The URL in the answer: the trimmed body, or a string at a member path. */
static char *
find_url (SbUploaderForm  *self,
          GBytes          *body,
          const char      *host,
          GError         **error)
{
  g_autofree char *url = NULL;

  if (self->url_path == NULL)
    url = g_strstrip (g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)));
  else
    {
      g_autoptr(JsonNode) root = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
      g_auto(GStrv) steps = g_strsplit (self->url_path, ".", -1);
      JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      guint n = g_strv_length (steps);

      for (guint i = 0; object != NULL && i + 1 < n; i++)
        object = sb_json_get_object (object, steps[i]);
      url = g_strdup (sb_json_get_string (object, steps[n - 1]));
    }

  if (url == NULL || !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL) ||
      (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://")))
    {
      if (self->url_path != NULL)
        g_set_error (error, SB_ERROR, SB_ERROR_UPLOAD,
                     _("%s took the sketch but its answer has no web address at “%s”"), host, self->url_path);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_UPLOAD,
                     _("%s took the sketch but did not answer with a web address"), host);
      return NULL;
    }

  return g_steal_pointer (&url);
}

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbUploaderForm *self = g_task_get_source_object (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  const char *host = g_uri_get_host (soup_message_get_uri (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = sb_uploader_read_answer (SOUP_SESSION (source), result, &error);
  char *url;

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_bytes_get_size (body) > MAX_ANSWER_BYTES)
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_UPLOAD, _("%s answered with more than a web address"), host);
  else if ((url = find_url (self, body, host, &error)) != NULL)
    g_task_return_pointer (task, url, g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
sb_uploader_form_upload_async (SbUploader          *uploader,
                               GBytes              *image,
                               const char          *name,
                               const char          *content_type,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SbUploaderForm *self = SB_UPLOADER_FORM (uploader);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  for (guint i = 0; self->fields != NULL && self->fields[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (self->fields[i], "=", 2);

      soup_multipart_append_form_string (multipart, pair[0], pair[1] != NULL ? pair[1] : "");
    }
  soup_multipart_append_form_file (multipart, self->file_field, name, content_type, image);

  msg = soup_message_new_from_multipart (self->endpoint, multipart);
  if (!sb_uploader_add_headers (msg, (const char * const *) self->headers, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, on_posted, task);
}

static char *
sb_uploader_form_upload_finish (SbUploader    *uploader,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
uploader_iface_init (SbUploaderInterface *iface)
{
  iface->upload_async = sb_uploader_form_upload_async;
  iface->upload_finish = sb_uploader_form_upload_finish;
}

static void
sb_uploader_form_finalize (GObject *object)
{
  SbUploaderForm *self = SB_UPLOADER_FORM (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->file_field, g_free);
  g_clear_pointer (&self->fields, g_strfreev);
  g_clear_pointer (&self->headers, g_strfreev);
  g_clear_pointer (&self->url_path, g_free);

  G_OBJECT_CLASS (sb_uploader_form_parent_class)->finalize (object);
}

static void
sb_uploader_form_class_init (SbUploaderFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_uploader_form_finalize;
}

static void
sb_uploader_form_init (SbUploaderForm *self)
{
  self->session = sb_http_session_new (60);
}

/**
 * sb_uploader_form_new:
 * @file_field: (nullable): the form field of the file; "file" if NULL or empty
 * @fields: (nullable): more "name=value" form fields, sent before the file
 * @headers: (nullable): extra "Name: value" headers
 * @url_path: (nullable): where the URL is in a JSON answer, e.g. "data.url";
 *   NULL or empty when the whole answer is the URL
 */
SbUploader *
sb_uploader_form_new (const char          *endpoint,
                      const char          *file_field,
                      const char * const  *fields,
                      const char * const  *headers,
                      const char          *url_path,
                      GError             **error)
{
  SbUploaderForm *self;

  if (!sb_http_check_url (endpoint, error))
    return NULL;

  self = g_object_new (SB_TYPE_UPLOADER_FORM, NULL);
  self->endpoint = g_strdup (endpoint);
  self->file_field = g_strdup (file_field != NULL && *file_field != '\0' ? file_field : "file");
  self->fields = g_strdupv ((char **) fields);
  self->headers = g_strdupv ((char **) headers);
  self->url_path = url_path != NULL && *url_path != '\0' ? g_strdup (url_path) : NULL;

  return SB_UPLOADER (self);
}
