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

/* Why the keyring could not be used: no session bus (found before libsecret
 * is asked), nothing answering on it (a desktop without the Secret portal or
 * a Secret Service: ServiceUnknown), or a keyring that stays locked (the
 * portal's "user interaction failed", or a locked collection). */
typedef enum {
  KEYRING_NO_BUS,
  KEYRING_NO_SERVICE,
  KEYRING_LOCKED,
  KEYRING_OTHER,
} KeyringProblem;

static KeyringProblem
classify (const GError *error)
{
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
  return KEYRING_OTHER;
}

/* A plain sentence for each problem, then the way out: in the Flatpak, a key
 * from outside comes only through `flatpak override` (a plain file). */
static GError *
keyring_error (KeyringProblem  problem,
               const GError   *error,
               gboolean        storing)
{
  const char *lead = storing ? _("Sketchbloom could not keep the key in your keyring.")
                             : _("Sketchbloom could not read the key from your keyring.");
  g_autofree char *what = NULL;
  g_autofree char *way_out = NULL;

  g_debug ("Keyring: %s %d: %s", g_quark_to_string (error->domain), error->code, error->message);

  switch (problem)
    {
    case KEYRING_NO_BUS:
      what = g_strdup (_("It runs outside a desktop session: there is no session bus to reach a keyring through."));
      break;
    case KEYRING_NO_SERVICE:
      what = g_strdup (sb_environment_is_sandboxed ()
                          ? _("This desktop has no Secret portal to keep keys for apps in a sandbox (the xdg-desktop-portal and GNOME Keyring packages provide one).")
                          : _("No keyring service is running (GNOME Keyring provides one)."));
      break;
    case KEYRING_LOCKED:
      what = g_strdup (_("The keyring is locked, or the desktop could not unlock it: unlock it (log out and in again, or open Passwords and Keys) and try again."));
      break;
    case KEYRING_OTHER:
    default:
      {
        g_autoptr(GError) plain = g_error_copy (error);

        g_dbus_error_strip_remote_error (plain);
        /* Translators: %s is the keyring's own words */
        what = g_strdup_printf (_("The keyring said: %s."), plain->message);
      }
      break;
    }

  if (sb_environment_is_sandboxed ())
    /* Translators: %s is the app ID; keep the command as it is */
    way_out = g_strdup_printf (_("Or hand the key in from outside: flatpak override --user --env=DASHSCOPE_API_KEY=… %s (Flatpak then keeps it in a plain file)."),
                               APP_ID);
  else
    way_out = g_strdup (_("Or set DASHSCOPE_API_KEY in the environment."));

  return g_error_new (SB_ERROR, SB_ERROR_KEYRING, "%s %s %s", lead, what, way_out);
}

/* Every keyring call runs libsecret's blocking API in a worker thread, which
 * spins a main loop of its own while it waits. Why not libsecret's async
 * calls on the main loop: inside the Flatpak, libsecret 0.20 asks the Secret
 * portal, then subscribes to the portal's answer only once its reply has been
 * dispatched; a main loop busy drawing (Preferences opening) dispatches it
 * after the answer came, and the call waits for ever. A thread with nothing
 * else to do subscribes at once. */
typedef struct {
  const char *service;   /* the item: "dashscope" or "upload-headers" */
  const char *label;     /* when storing */
  char       *value;     /* NULL: read it; "": remove it; else keep it */
} KeyringCall;

static void
keyring_call_free (KeyringCall *call)
{
  g_free (call->value);
  g_free (call);
}

static void
run_keyring_call (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  KeyringCall *call = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  /* No bus at all: said here, before libsecret warns of it on the terminal
   * ("couldn't get session bus: … dbus-launch"). */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &error);
  if (bus == NULL)
    {
      g_task_return_error (task, keyring_error (KEYRING_NO_BUS, error, call->value != NULL));
      return;
    }

  if (call->value == NULL)
    {
      char *text = secret_password_lookup_sync (get_schema (), cancellable, &error,
                                                "service", call->service, NULL);

      if (error != NULL)
        g_task_return_error (task, keyring_error (classify (error), error, FALSE));
      else
        /* NULL when there is none: not an error here. */
        g_task_return_pointer (task, g_strdup (text), g_free);
      secret_password_free (text);
      return;
    }

  if (*call->value == '\0')
    secret_password_clear_sync (get_schema (), cancellable, &error, "service", call->service, NULL);
  else
    secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, call->label, call->value,
                                cancellable, &error, "service", call->service, NULL);
  if (error != NULL)
    g_task_return_error (task, keyring_error (classify (error), error, TRUE));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_keyring_call (const char          *service,
                    const char          *label,
                    const char          *value,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringCall *call = g_new0 (KeyringCall, 1);

  call->service = service;
  call->label = label;
  call->value = g_strdup (value);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) keyring_call_free);
  g_task_run_in_thread (task, run_keyring_call);
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
  if (sb_secrets_key_from_environment ())
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, sb_secrets_lookup_api_key_async);
      g_task_return_pointer (task, g_strdup (g_getenv ("DASHSCOPE_API_KEY")), g_free);
      return;
    }

  start_keyring_call ("dashscope", NULL, NULL, sb_secrets_lookup_api_key_async,
                      cancellable, callback, user_data);
}

char *
sb_secrets_lookup_api_key_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  key = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (key == NULL || *key == '\0')
    {
      g_free (key);
      g_set_error_literal (error, SB_ERROR, SB_ERROR_NO_API_KEY,
                           _("No DashScope API key is set: add one in Preferences, or set DASHSCOPE_API_KEY"));
      return NULL;
    }
  return key;
}

/* Stores @api_key in the default keyring; an empty key removes it. */
void
sb_secrets_store_api_key_async (const char          *api_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_keyring_call ("dashscope", _("DashScope API key for Sketchbloom"), api_key != NULL ? api_key : "",
                      sb_secrets_store_api_key_async, cancellable, callback, user_data);
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

/* Finishes with the headers; none is an empty list, not an error. */
void
sb_secrets_lookup_upload_headers_async (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  start_keyring_call ("upload-headers", NULL, NULL, sb_secrets_lookup_upload_headers_async,
                      cancellable, callback, user_data);
}

GStrv
sb_secrets_lookup_upload_headers_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  text = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return text != NULL && *text != '\0' ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
}

void
sb_secrets_store_upload_headers_async (const char * const  *headers,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *text = headers != NULL ? g_strjoinv ("\n", (char **) headers) : g_strdup ("");

  start_keyring_call ("upload-headers", _("Upload headers for Sketchbloom"), text,
                      sb_secrets_store_upload_headers_async, cancellable, callback, user_data);
}

gboolean
sb_secrets_store_upload_headers_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
