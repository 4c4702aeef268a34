/* sb-environment.c: where to find the service, from the environment and settings
 *
 * The vendor SDKs' variables (DASHSCOPE_HTTP_BASE_URL, DASHSCOPE_WORKSPACE)
 * win over the app's settings, so the same shell works for both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-dashscope-client.h"
#include "sb-environment.h"

/* The app's settings, or NULL when its schema is not installed (an
 * uninstalled sketchbloom-cli): then the defaults apply. */
GSettings *
sb_environment_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  return schema != NULL ? g_settings_new (APP_ID) : NULL;
}

char *
sb_environment_get_base_url (GSettings *settings)
{
  const char *from_environment = g_getenv ("DASHSCOPE_HTTP_BASE_URL");
  g_autofree char *region = NULL;

  if (from_environment != NULL && *from_environment != '\0')
    return g_strdup (from_environment);

  if (settings == NULL)
    return g_strdup (SB_DASHSCOPE_BASE_URL_MAINLAND);

  region = g_settings_get_string (settings, "region");
  if (g_str_equal (region, "international"))
    return g_strdup (SB_DASHSCOPE_BASE_URL_INTERNATIONAL);
  if (g_str_equal (region, "custom"))
    return g_settings_get_string (settings, "custom-base-url");

  return g_strdup (SB_DASHSCOPE_BASE_URL_MAINLAND);
}

char *
sb_environment_get_workspace (GSettings *settings)
{
  const char *from_environment = g_getenv ("DASHSCOPE_WORKSPACE");

  if (from_environment != NULL)
    return g_strdup (from_environment);

  return settings != NULL ? g_settings_get_string (settings, "workspace") : g_strdup ("");
}

/* The durations of past tasks, so polling starts out informed. */
void
sb_environment_load_schedule (GSettings      *settings,
                              SbPollSchedule *schedule)
{
  g_autoptr(GVariant) durations = NULL;

  if (settings == NULL)
    return;

  durations = g_settings_get_value (settings, "task-durations");
  sb_poll_schedule_load (schedule, durations);
}

void
sb_environment_save_schedule (GSettings      *settings,
                              SbPollSchedule *schedule)
{
  if (settings != NULL)
    g_settings_set_value (settings, "task-durations", sb_poll_schedule_serialize (schedule));
}
