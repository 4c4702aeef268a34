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
#include <string.h>

#include <libsecret/secret.h>

#include "sb-environment.h"
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

/* Why the keyring could not be used, as libsecret reports it: no session bus
 * (autolaunch fails), nothing answering on it (a desktop without the Secret
 * portal or a Secret Service: ServiceUnknown), or a keyring that stays locked
 * (the portal's "user interaction failed", or a locked collection). */
typedef enum {
  KEYRING_NO_BUS,
  KEYRING_NO_SERVICE,
  KEYRING_LOCKED,
  KEYRING_OTHER,
} KeyringProblem;

static KeyringProblem
classify (const GError *error)
{
  const char *bus = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      strstr (error->message, "org.freedesktop.DBus.Error.ServiceUnknown") != NULL)
    return KEYRING_NO_SERVICE;
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      (sb_environment_is_sandboxed () && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED)))
    return KEYRING_LOCKED;
  if (error->domain != G_DBUS_ERROR && (bus == NULL || *bus == '\0'))
    return KEYRING_NO_BUS;
  return KEYRING_OTHER;
}

/* A plain sentence for each problem, then the way out: in the Flatpak, a key
 * from outside comes only through `flatpak override` (a plain file). */
static GError *
keyring_error (const GError *error,
               gboolean      storing)
{
  const char *lead = storing ? _("Sketchbloom could not keep the key in your keyring.")
                             : _("Sketchbloom could not read the key from your keyring.");
  g_autofree char *problem = NULL;
  g_autofree char *way_out = NULL;

  g_debug ("Keyring: %s %d: %s", g_quark_to_string (error->domain), error->code, error->message);

  switch (classify (error))
    {
    case KEYRING_NO_BUS:
      problem = g_strdup (_("It runs outside a desktop session: there is no session bus to reach a keyring through."));
      break;
    case KEYRING_NO_SERVICE:
      problem = g_strdup (sb_environment_is_sandboxed ()
                          ? _("This desktop has no Secret portal to keep keys for apps in a sandbox (the xdg-desktop-portal and GNOME Keyring packages provide one).")
                          : _("No keyring service is running (GNOME Keyring provides one)."));
      break;
    case KEYRING_LOCKED:
      problem = g_strdup (_("The keyring is locked, or the desktop could not unlock it: unlock it (log out and in again, or open Passwords and Keys) and try again."));
      break;
    case KEYRING_OTHER:
    default:
      {
        g_autoptr(GError) plain = g_error_copy (error);

        g_dbus_error_strip_remote_error (plain);
        /* Translators: %s is the keyring's own words */
        problem = g_strdup_printf (_("The keyring said: %s."), plain->message);
      }
      break;
    }

  if (sb_environment_is_sandboxed ())
    /* Translators: %s is the app ID; keep the command as it is */
    way_out = g_strdup_printf (_("Or hand the key in from outside: flatpak override --user --env=DASHSCOPE_API_KEY=… %s (Flatpak then keeps it in a plain file)."),
                               APP_ID);
  else
    way_out = g_strdup (_("Or set DASHSCOPE_API_KEY in the environment."));

  return g_error_new (SB_ERROR, SB_ERROR_KEYRING, "%s %s %s", lead, problem, way_out);
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
    g_task_return_error (task, keyring_error (error, FALSE));
  else if (key == NULL || *key == '\0')
    g_task_return_new_error (task, SB_ERROR, SB_ERROR_NO_API_KEY, "%s",
                             _("No DashScope API key is set: add one in Preferences, or set DASHSCOPE_API_KEY"));
  else
    g_task_return_pointer (task, g_strdup (key), g_free);

  if (key != NULL)
    secret_password_free (key);
}

/* TRUE when DASHSCOPE_API_KEY is set: that key is used, the keyring's not. */
gboolean
sb_secrets_key_from_environment (void)
{
  const char *from_environment = g_getenv ("DASHSCOPE_API_KEY");

  return from_environment != NULL && *from_environment != '\0';
}

/* Finishes with the key: DASHSCOPE_API_KEY if set, else the keyring's. */
void
sb_secrets_lookup_api_key_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_secrets_lookup_api_key_async);

  if (sb_secrets_key_from_environment ())
    {
      g_task_return_pointer (task, g_strdup (g_getenv ("DASHSCOPE_API_KEY")), g_free);
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
    g_task_return_error (task, keyring_error (error, TRUE));
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
    g_task_return_error (task, keyring_error (error, TRUE));
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
