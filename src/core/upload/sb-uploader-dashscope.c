/* sb-uploader-dashscope.c: DashScope's own temporary storage
 *
 * The zero-configuration method, as the vendor SDKs do it: ask the API host
 * for an upload policy (with the key), post the file to the OSS host the
 * policy names as a form whose fields come in the order OSS insists on (and
 * without the key), and hand the task oss://<upload_dir>/<name>; the client
 * then adds X-DashScope-OssResourceResolve. A policy is reused until shortly
 * before it expires. Mainland (Beijing) keys only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-uploader-dashscope"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-uploader-dashscope.h"
#include "sb-http.h"
#include "sb-uploader-private.h"

/* A policy this close to expiry is not used: the post must arrive in time. */
#define POLICY_MARGIN_US (30 * G_USEC_PER_SEC)

struct _SbUploaderDashscope
{
  GObject            parent_instance;

  SbDashscopeClient *client;
  SoupSession       *session;
  SbUploadPolicy    *policy;
};

static void uploader_iface_init (SbUploaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbUploaderDashscope, sb_uploader_dashscope, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_UPLOADER, uploader_iface_init))

typedef struct {
  GBytes *image;
  char   *name;
  char   *content_type;
  char   *key;
} Post;

static void
post_free (Post *post)
{
  g_bytes_unref (post->image);
  g_free (post->name);
  g_free (post->content_type);
  g_free (post->key);
  g_free (post);
}

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Post *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = sb_uploader_read_answer (SOUP_SESSION (source), result, &error);

  if (body != NULL)
    {
      g_task_return_pointer (task, g_strconcat ("oss://", post->key, NULL), g_free);
      return;
    }

  /* A rejected policy (expired, say) is not tried again. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_pointer (&SB_UPLOADER_DASHSCOPE (g_task_get_source_object (task))->policy, sb_upload_policy_free);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
post_file (GTask *task)
{
  SbUploaderDashscope *self = g_task_get_source_object (task);
  Post *post = g_task_get_task_data (task);
  SbUploadPolicy *policy = self->policy;
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;

  post->key = g_strconcat (policy->upload_dir, "/", post->name, NULL);

  /* In this order, or OSS refuses the form; the file comes last. */
  soup_multipart_append_form_string (multipart, "OSSAccessKeyId", policy->oss_access_key_id);
  soup_multipart_append_form_string (multipart, "Signature", policy->signature);
  soup_multipart_append_form_string (multipart, "policy", policy->policy);
  soup_multipart_append_form_string (multipart, "key", post->key);
  soup_multipart_append_form_string (multipart, "x-oss-object-acl", policy->object_acl);
  soup_multipart_append_form_string (multipart, "x-oss-forbid-overwrite", policy->forbid_overwrite);
  soup_multipart_append_form_string (multipart, "success_action_status", "200");
  soup_multipart_append_form_string (multipart, "x-oss-content-type", post->content_type);
  soup_multipart_append_form_file (multipart, "file", post->name, post->content_type, post->image);

  msg = soup_message_new_from_multipart (policy->upload_host, multipart);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_posted, task);
}

static void
on_policy (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  SbUploaderDashscope *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SbUploadPolicy *policy = sb_dashscope_client_get_upload_policy_finish (SB_DASHSCOPE_CLIENT (source), result, &error);

  if (policy == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->policy, sb_upload_policy_free);
  self->policy = policy;
  post_file (task);
}

static void
sb_uploader_dashscope_upload_async (SbUploader          *uploader,
                                    GBytes              *image,
                                    const char          *name,
                                    const char          *content_type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SbUploaderDashscope *self = SB_UPLOADER_DASHSCOPE (uploader);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Post *post = g_new0 (Post, 1);

  post->image = g_bytes_ref (image);
  post->name = g_strdup (name);
  post->content_type = g_strdup (content_type);
  g_task_set_task_data (task, post, (GDestroyNotify) post_free);

  if (sb_dashscope_client_is_international (self->client))
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_UPLOAD, "%s",
                               _("DashScope’s temporary storage works only with mainland China (Beijing) keys: "
                                 "choose another upload method for the international region"));
      g_object_unref (task);
      return;
    }

  if (self->policy != NULL && self->policy->expires_at - POLICY_MARGIN_US > g_get_monotonic_time ())
    post_file (task);
  else
    sb_dashscope_client_get_upload_policy_async (self->client, cancellable, on_policy, task);
}

static char *
sb_uploader_dashscope_upload_finish (SbUploader    *uploader,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
uploader_iface_init (SbUploaderInterface *iface)
{
  iface->upload_async = sb_uploader_dashscope_upload_async;
  iface->upload_finish = sb_uploader_dashscope_upload_finish;
}

static void
sb_uploader_dashscope_finalize (GObject *object)
{
  SbUploaderDashscope *self = SB_UPLOADER_DASHSCOPE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->session);
  g_clear_pointer (&self->policy, sb_upload_policy_free);

  G_OBJECT_CLASS (sb_uploader_dashscope_parent_class)->finalize (object);
}

static void
sb_uploader_dashscope_class_init (SbUploaderDashscopeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_uploader_dashscope_finalize;
}

static void
sb_uploader_dashscope_init (SbUploaderDashscope *self)
{
  /* Its own session: nothing of the API host's (the key) comes along. */
  self->session = sb_http_session_new (60);
}

SbUploader *
sb_uploader_dashscope_new (SbDashscopeClient *client)
{
  SbUploaderDashscope *self;

  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (client), NULL);

  self = g_object_new (SB_TYPE_UPLOADER_DASHSCOPE, NULL);
  self->client = g_object_ref (client);

  return SB_UPLOADER (self);
}
