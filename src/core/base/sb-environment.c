/* sb-environment.c: where to find the service, from the environment and settings
 *
 * The vendor SDKs' variables (DASHSCOPE_HTTP_BASE_URL, DASHSCOPE_WORKSPACE)
 * win over the app's settings, so the same shell works for both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-environment"

#include "config.h"

#include "sb-environment.h"
#include "sb-region.h"

#include <glib/gi18n-lib.h>

/* The app's settings, or NULL when its schema is not installed (an
 * uninstalled sketchbloom-cli): then the defaults apply. */
GSettings *
sb_environment_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);

  return schema != NULL ? g_settings_new (SCHEMA_ID) : NULL;
}

/* Where the app keeps its history and autosaved sketch: the app and the CLI
 * share it, so what the CLI makes shows in the gallery. */
GFile *
sb_environment_get_data_directory (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "sketchbloom", NULL);
}

/* TRUE inside a Flatpak, where the host's keyring and files are out of reach. */
gboolean
sb_environment_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Where the key comes from and where it is kept, for Preferences: inside the
 * Flatpak a key saved on the host with secret-tool is not visible, and the
 * only way to hand one in from outside leaves it in a plain file. Markup. */
char *
sb_environment_get_key_help (gboolean sandboxed)
{
  const char *console = "<a href=\"https://dashscope.console.aliyun.com/apiKey\">DashScope console</a>";

  if (sandboxed)
    return g_strdup_printf (_("Create a key in the %s and enter it above: Sketchbloom keeps it in your keyring "
                              "through the desktop’s Secret portal. A key stored on the host with "
                              "<tt>secret-tool</tt> is not visible inside the Flatpak. To hand one in from "
                              "outside instead, run <tt>flatpak override --user --env=DASHSCOPE_API_KEY=… %s</tt> "
                              "(Flatpak then keeps it in a plain file)."),
                            console, APP_ID);
  return g_strdup_printf (_("Create a key in the %s and enter it above: Sketchbloom keeps it in your keyring. "
                            "<tt>DASHSCOPE_API_KEY</tt> in the environment takes precedence, for scripts."),
                          console);
}

/* The region the settings choose; the Beijing region without settings. */
SbRegion
sb_environment_get_region (GSettings *settings)
{
  return settings != NULL ? (SbRegion) g_settings_get_enum (settings, "region") : SB_REGION_MAINLAND;
}

char *
sb_environment_get_base_url (GSettings *settings)
{
  const char *from_environment = g_getenv ("DASHSCOPE_HTTP_BASE_URL");
  SbRegion region;

  if (from_environment != NULL && *from_environment != '\0')
    return g_strdup (from_environment);

  region = sb_environment_get_region (settings);
  if (region == SB_REGION_CUSTOM)
    return g_settings_get_string (settings, "custom-base-url");

  return g_strdup (sb_region_get_base_url (region));
}

char *
sb_environment_get_workspace (GSettings *settings)
{
  const char *from_environment = g_getenv ("DASHSCOPE_WORKSPACE");

  if (from_environment != NULL)
    return g_strdup (from_environment);

  return settings != NULL ? g_settings_get_string (settings, "workspace") : g_strdup ("");
}

