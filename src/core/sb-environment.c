/* sb-environment.c: where to find the service, from the environment and settings
 *
 * The vendor SDKs' variables (DASHSCOPE_HTTP_BASE_URL, DASHSCOPE_WORKSPACE)
 * win over the app's settings, so the same shell works for both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-environment"

#include "config.h"

#include "sb-dashscope-client.h"
#include "sb-environment.h"
#include "sb-error.h"

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

/* Every HTTP session: one user agent, and @timeout_seconds for a silent
 * peer (each caller also bounds what it reads). */
SoupSession *
sb_environment_new_http_session (guint timeout_seconds)
{
  return soup_session_new_with_options ("user-agent", "Sketchbloom/" PACKAGE_VERSION,
                                        "timeout", timeout_seconds,
                                        "idle-timeout", 60,
                                        NULL);
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

/* A client for the configured service (base URL and workspace). */
SbDashscopeClient *
sb_environment_create_client (GSettings   *settings,
                              const char  *api_key,
                              GError     **error)
{
  g_autofree char *base_url = sb_environment_get_base_url (settings);
  g_autofree char *workspace = sb_environment_get_workspace (settings);

  return sb_dashscope_client_new (base_url, api_key, workspace, error);
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

static char *
setting_or (GSettings  *settings,
            const char *key,
            const char *value)
{
  if (value != NULL)
    return g_strdup (value);

  return settings != NULL ? g_settings_get_string (settings, key) : g_strdup ("");
}

/* The method the settings choose, or @options' when it sets one. */
SbUploadMethod
sb_environment_get_upload_method (GSettings             *settings,
                                  const SbUploadOptions *options)
{
  if (options != NULL && options->method_set)
    return options->method;

  return settings != NULL ? (SbUploadMethod) g_settings_get_enum (settings, "upload-method")
                          : SB_UPLOAD_METHOD_DASHSCOPE;
}

/**
 * sb_environment_create_uploader:
 * @options: (nullable): overrides, as from the command line
 *
 * The upload method the settings (or @options) choose. The upload headers,
 * which may hold secrets, come only from @options: the caller reads them
 * from the keyring.
 */
SbUploader *
sb_environment_create_uploader (GSettings              *settings,
                                SbDashscopeClient      *client,
                                const SbUploadOptions  *options,
                                GError                **error)
{
  static const SbUploadOptions none = { 0 };
  SbUploadMethod method;
  g_autofree char *upload_url = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *field = NULL;
  g_autofree char *url_path = NULL;
  g_auto(GStrv) fields = NULL;

  if (options == NULL)
    options = &none;

  method = sb_environment_get_upload_method (settings, options);
  upload_url = setting_or (settings, "upload-url", options->upload_url);
  public_url = setting_or (settings, "public-url", options->public_url);
  field = setting_or (settings, "form-field", options->form_field);
  url_path = setting_or (settings, "url-path", options->url_path);
  fields = settings != NULL ? g_settings_get_strv (settings, "form-fields") : NULL;

  return sb_upload_method_create_uploader (method,
                                           &(SbUploadConfig) {
                                             .upload_url = upload_url,
                                             .public_url = public_url,
                                             .form_field = field,
                                             .form_fields = (const char * const *) fields,
                                             .url_path = url_path,
                                             .headers = options->headers,
                                           },
                                           client, error);
}
