/* test-environment.c: where the service is, from variables and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-dashscope-client.h"
#include "sb-setup.h"

static gboolean
is_markup (const char *text)
{
  static const GMarkupParser parser = { NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autofree char *wrapped = g_strconcat ("<markup>", text, "</markup>", NULL);

  return g_markup_parse_context_parse (context, wrapped, -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

/* The key's help tells a Flatpak user what differs in the sandbox. */
static void
test_environment_key_help (void)
{
  g_autofree char *host = sb_environment_get_key_help (FALSE);
  g_autofree char *sandbox = sb_environment_get_key_help (TRUE);

  g_assert_nonnull (strstr (host, "keyring"));
  g_assert_nonnull (strstr (host, "DASHSCOPE_API_KEY"));
  g_assert_null (strstr (host, "flatpak"));
  g_assert_nonnull (strstr (sandbox, "Secret portal"));
  g_assert_nonnull (strstr (sandbox, "secret-tool"));
  g_assert_nonnull (strstr (sandbox, "flatpak override --user --env=DASHSCOPE_API_KEY=… " APP_ID));
  g_assert_nonnull (strstr (sandbox, "plain file"));
  /* Both are well-formed markup a label can show. */
  g_assert_true (is_markup (host));
  g_assert_true (is_markup (sandbox));
  g_assert_false (sb_environment_is_sandboxed ());   /* the tests run on the host */
}

static void
test_environment_base_url (void)
{
  g_autoptr(GSettings) settings = sb_environment_get_settings ();
  g_autofree char *mainland = NULL, *international = NULL, *custom = NULL, *overridden = NULL;
  g_autofree char *no_settings = NULL;

  g_assert_nonnull (settings);
  g_unsetenv ("DASHSCOPE_HTTP_BASE_URL");

  mainland = sb_environment_get_base_url (settings);
  g_assert_cmpstr (mainland, ==, SB_DASHSCOPE_BASE_URL_MAINLAND);

  g_settings_set_string (settings, "region", "international");
  international = sb_environment_get_base_url (settings);
  g_assert_cmpstr (international, ==, SB_DASHSCOPE_BASE_URL_INTERNATIONAL);

  g_settings_set_string (settings, "region", "custom");
  g_settings_set_string (settings, "custom-base-url", "https://proxy.example.com/api/v1");
  custom = sb_environment_get_base_url (settings);
  g_assert_cmpstr (custom, ==, "https://proxy.example.com/api/v1");

  g_setenv ("DASHSCOPE_HTTP_BASE_URL", "http://127.0.0.1:9/api/v1", TRUE);
  overridden = sb_environment_get_base_url (settings);
  g_assert_cmpstr (overridden, ==, "http://127.0.0.1:9/api/v1");
  g_unsetenv ("DASHSCOPE_HTTP_BASE_URL");

  no_settings = sb_environment_get_base_url (NULL);
  g_assert_cmpstr (no_settings, ==, SB_DASHSCOPE_BASE_URL_MAINLAND);
}

static void
test_environment_workspace (void)
{
  g_autoptr(GSettings) settings = sb_environment_get_settings ();
  g_autofree char *none = NULL, *from_settings = NULL, *from_environment = NULL;

  g_unsetenv ("DASHSCOPE_WORKSPACE");
  none = sb_environment_get_workspace (settings);
  g_assert_cmpstr (none, ==, "");

  g_settings_set_string (settings, "workspace", "llm-settings");
  from_settings = sb_environment_get_workspace (settings);
  g_assert_cmpstr (from_settings, ==, "llm-settings");

  g_setenv ("DASHSCOPE_WORKSPACE", "llm-environment", TRUE);
  from_environment = sb_environment_get_workspace (settings);
  g_assert_cmpstr (from_environment, ==, "llm-environment");
  g_unsetenv ("DASHSCOPE_WORKSPACE");
}

/* Learned durations survive a restart (a new schedule, the same settings). */
static void
test_environment_schedule (void)
{
  g_autoptr(GSettings) settings = sb_environment_get_settings ();
  g_autoptr(SbPollSchedule) before = sb_poll_schedule_new ();
  g_autoptr(SbPollSchedule) after = sb_poll_schedule_new ();

  for (int i = 0; i < 8; i++)
    sb_poll_schedule_observe (before, 20 + i);
  sb_setup_save_schedule (settings, before);

  sb_setup_load_schedule (settings, after);
  g_assert_cmpuint (sb_poll_schedule_get_n_observations (after), ==, 8);
  g_assert_cmpfloat (sb_poll_schedule_next_poll (after, 10), ==, sb_poll_schedule_next_poll (before, 10));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/environment/base-url", test_environment_base_url);
  g_test_add_func ("/environment/key-help", test_environment_key_help);
  g_test_add_func ("/environment/workspace", test_environment_workspace);
  g_test_add_func ("/environment/schedule", test_environment_schedule);

  return g_test_run ();
}
