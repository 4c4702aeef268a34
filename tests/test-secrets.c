/* test-secrets.c: the API key goes to the keyring and comes back; the
 * environment wins. Runs in a private keyring (run-with-keyring.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/round-trip", test_secrets_round_trip);

  return g_test_run ();
}
