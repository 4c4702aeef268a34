/* sb-uploader-put.c: upload by HTTP PUT to the user's own host
 *
 * WebDAV (nginx dav_methods PUT, Nextcloud), a bucket prefix behind a
 * pre-signed or public-write policy, or anything that stores a PUT body at a
 * path. The sketch goes to <put prefix><name> and is fetched from
 * <public prefix><name>. Extra headers ("Name: value", e.g. a token) go with
 * the PUT; the DashScope key never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-uploader-put"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-uploader-put.h"
#include "sb-http.h"
#include "sb-uploader-private.h"

struct _SbUploaderPut
{
  GObject      parent_instance;

  SoupSession *session;
  char        *put_prefix;
  char        *public_prefix;
  GStrv        headers;
};

static void uploader_iface_init (SbUploaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbUploaderPut, sb_uploader_put, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_UPLOADER, uploader_iface_init))

static void
on_put (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = sb_uploader_read_answer (SOUP_SESSION (source), result, &error);

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (g_task_get_task_data (task)), g_free);
}

static void
sb_uploader_put_upload_async (SbUploader          *uploader,
                              GBytes              *image,
                              const char          *name,
                              const char          *content_type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SbUploaderPut *self = SB_UPLOADER_PUT (uploader);
  g_autofree char *put_url = g_strconcat (self->put_prefix, name, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_PUT, put_url);
  g_autoptr(GError) error = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_strconcat (self->public_prefix, name, NULL), g_free);

  if (msg == NULL || !sb_uploader_add_headers (msg, (const char * const *) self->headers, &error))
    {
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error)
                                               : g_error_new (SB_ERROR, SB_ERROR_INVALID_INPUT,
                                                              _("“%s” is not a web address"), put_url));
      g_object_unref (task);
      return;
    }

  soup_message_set_request_body_from_bytes (msg, content_type, image);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, on_put, task);
}

static char *
sb_uploader_put_upload_finish (SbUploader    *uploader,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
uploader_iface_init (SbUploaderInterface *iface)
{
  iface->upload_async = sb_uploader_put_upload_async;
  iface->upload_finish = sb_uploader_put_upload_finish;
}

static void
sb_uploader_put_finalize (GObject *object)
{
  SbUploaderPut *self = SB_UPLOADER_PUT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->put_prefix, g_free);
  g_clear_pointer (&self->public_prefix, g_free);
  g_clear_pointer (&self->headers, g_strfreev);

  G_OBJECT_CLASS (sb_uploader_put_parent_class)->finalize (object);
}

static void
sb_uploader_put_class_init (SbUploaderPutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_uploader_put_finalize;
}

static void
sb_uploader_put_init (SbUploaderPut *self)
{
  self->session = sb_http_session_new (60);
}

/**
 * sb_uploader_put_new:
 * @put_prefix: where to PUT, e.g. https://dav.example.com/sketches/
 * @public_prefix: (nullable): where the service reads it; the PUT prefix if NULL or empty
 * @headers: (nullable): extra "Name: value" headers for the PUT
 */
SbUploader *
sb_uploader_put_new (const char          *put_prefix,
                     const char          *public_prefix,
                     const char * const  *headers,
                     GError             **error)
{
  SbUploaderPut *self;

  if (public_prefix == NULL || *public_prefix == '\0')
    public_prefix = put_prefix;

  /* The PUT carries the sketch and maybe a token: https, or this computer.
   * The public address is only read by the service: any web address. */
  if (!sb_http_check_url (put_prefix, error))
    return NULL;
  if (!g_uri_is_valid (public_prefix, G_URI_FLAGS_NONE, NULL) ||
      (!g_str_has_prefix (public_prefix, "http://") && !g_str_has_prefix (public_prefix, "https://")))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("“%s” is not a web address"), public_prefix);
      return NULL;
    }

  self = g_object_new (SB_TYPE_UPLOADER_PUT, NULL);
  self->put_prefix = g_strdup (put_prefix);
  self->public_prefix = g_strdup (public_prefix);
  self->headers = g_strdupv ((char **) headers);

  return SB_UPLOADER (self);
}
