/* test-secrets.c: the API key goes to the keyring and comes back; the
 * environment wins. Runs in a private keyring (run-with-keyring.sh), or, with
 * SB_TEST_KEYRING=no-bus or no-service, where no keyring can be reached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-error.h"
#include "sb-secrets.h"
#include "sb-test-util.h"

static char *
lookup (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_secrets_lookup_api_key_async (NULL, sb_test_store_result, &result);
  return sb_secrets_lookup_api_key_finish (sb_test_wait_for (&result), error);
}

static void
store (const char *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sb_secrets_store_api_key_async (key, NULL, sb_test_store_result, &result);
  g_assert_true (sb_secrets_store_api_key_finish (sb_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
test_secrets_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *from_environment = NULL;
  g_autofree char *after_clear = NULL;

  g_unsetenv ("DASHSCOPE_API_KEY");

  store ("sk-from-the-keyring");
  key = lookup (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-from-the-keyring");

  /* The vendor SDKs' variable wins. */
  g_setenv ("DASHSCOPE_API_KEY", "sk-from-the-environment", TRUE);
  from_environment = lookup (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_environment, ==, "sk-from-the-environment");
  g_unsetenv ("DASHSCOPE_API_KEY");

  /* An empty key removes it, and then there is none. */
  store ("");
  after_clear = lookup (&error);
  g_assert_null (after_clear);
  g_assert_error (error, SB_ERROR, SB_ERROR_NO_API_KEY);
}

/* No bus, or a bus with no keyring on it: reading and keeping the key each
 * say so in words, with the way out, never as a D-Bus error name or the
 * autolaunch's complaint; the key from the environment still works. */
static void
test_secrets_unreachable (gconstpointer data)
{
  const char *expected = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char *raw[] = { "org.freedesktop", "ServiceUnknown", "dbus-launch", "autolaunch", "GDBus.Error", NULL };

  g_unsetenv ("DASHSCOPE_API_KEY");
  key = lookup (&error);
  g_assert_null (key);
  g_assert_error (error, SB_ERROR, SB_ERROR_KEYRING);
  g_test_message ("lookup: %s", error->message);
  g_assert_nonnull (strstr (error->message, "could not read the key"));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "DASHSCOPE_API_KEY"));
  for (guint i = 0; raw[i] != NULL; i++)
    g_assert_null (strstr (error->message, raw[i]));
  g_assert_true (sb_error_is_missing_key (error));
  g_assert_true (sb_error_is_fixed_in_preferences (error));
  g_clear_error (&error);

  sb_secrets_store_api_key_async ("sk-nowhere-to-keep", NULL, sb_test_store_result, &result);
  g_assert_false (sb_secrets_store_api_key_finish (sb_test_wait_for (&result), &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_KEYRING);
  g_test_message ("store: %s", error->message);
  g_assert_nonnull (strstr (error->message, "could not keep the key"));
  g_assert_nonnull (strstr (error->message, expected));
  for (guint i = 0; raw[i] != NULL; i++)
    g_assert_null (strstr (error->message, raw[i]));
  g_clear_error (&error);

  g_setenv ("DASHSCOPE_API_KEY", "sk-from-the-environment", TRUE);
  g_free (key);
  key = lookup (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-from-the-environment");
  g_unsetenv ("DASHSCOPE_API_KEY");
}

int
main (int   argc,
      char *argv[])
{
  const char *setup = g_getenv ("SB_TEST_KEYRING");

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (setup, "no-bus") == 0)
    g_test_add_data_func ("/secrets/no-bus", "no session bus", test_secrets_unreachable);
  else if (g_strcmp0 (setup, "no-service") == 0)
    g_test_add_data_func ("/secrets/no-service", "No keyring service is running", test_secrets_unreachable);
  else
    g_test_add_func ("/secrets/round-trip", test_secrets_round_trip);

  return g_test_run ();
}
