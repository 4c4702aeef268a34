/* sb-secrets.c: the DashScope API key, in the keyring
 *
 * DASHSCOPE_API_KEY, the vendor SDKs' variable, wins over the keyring, so
 * scripts and tests need no keyring. The key is never written anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "sb-error.h"
#include "sb-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SCHEMA_ID ".ApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
on_lookup (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_NO_API_KEY,
                             _("No DashScope API key: the keyring could not be read (%s)"), error->message);
  else if (key == NULL || *key == '\0')
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_NO_API_KEY, "%s",
                             _("No DashScope API key is set: add one in Preferences, or set DASHSCOPE_API_KEY"));
  else
    g_task_return_pointer (task, g_strdup (key), g_free);

  if (key != NULL)
    secret_password_free (key);
}

/* Finishes with the key: DASHSCOPE_API_KEY if set, else the keyring's. */
void
sb_secrets_lookup_api_key_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  const char *from_environment = g_getenv ("DASHSCOPE_API_KEY");

  g_task_set_source_tag (task, sb_secrets_lookup_api_key_async);

  if (from_environment != NULL && *from_environment != '\0')
    {
      g_task_return_pointer (task, g_strdup (from_environment), g_free);
      g_object_unref (task);
      return;
    }

  secret_password_lookup (get_schema (), cancellable, on_lookup, task,
                          "service", "dashscope",
                          NULL);
}

char *
sb_secrets_lookup_api_key_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores @api_key in the default keyring; an empty key removes it. */
void
sb_secrets_store_api_key_async (const char          *api_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_secrets_store_api_key_async);

  if (api_key == NULL || *api_key == '\0')
    secret_password_clear (get_schema (), cancellable, on_cleared, task,
                           "service", "dashscope", NULL);
  else
    secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT,
                           _("DashScope API key for Sketchbloom"), api_key,
                           cancellable, on_stored, task,
                           "service", "dashscope", NULL);
}

gboolean
sb_secrets_store_api_key_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Upload headers ("Name: value", often a token) are secrets too: one keyring
 * item, a header a line. */

static void
on_headers_lookup (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *text = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, text != NULL && *text != '\0' ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1),
                           (GDestroyNotify) g_strfreev);

  if (text != NULL)
    secret_password_free (text);
}

/* Finishes with the headers; none is an empty list, not an error. */
void
sb_secrets_lookup_upload_headers_async (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_secrets_lookup_upload_headers_async);
  secret_password_lookup (get_schema (), cancellable, on_headers_lookup, task,
                          "service", "upload-headers", NULL);
}

GStrv
sb_secrets_lookup_upload_headers_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_secrets_store_upload_headers_async (const char * const  *headers,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *text = g_strjoinv ("\n", (char **) headers);

  g_task_set_source_tag (task, sb_secrets_store_upload_headers_async);
  if (headers == NULL || headers[0] == NULL)
    secret_password_clear (get_schema (), cancellable, on_cleared, task, "service", "upload-headers", NULL);
  else
    secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, _("Upload headers for Sketchbloom"), text,
                           cancellable, on_stored, task, "service", "upload-headers", NULL);
}

gboolean
sb_secrets_store_upload_headers_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
