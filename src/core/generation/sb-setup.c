/* sb-setup.c: the service's objects, made as the settings say
 *
 * The factories live above the client and the uploaders rather than in
 * sb-environment.c, so the environment (which every layer reads) includes
 * none of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-setup"

#include "config.h"

#include "sb-setup.h"

/* A client for the configured service (base URL and workspace). */
SbDashscopeClient *
sb_setup_create_client (GSettings   *settings,
                              const char  *api_key,
                              GError     **error)
{
  g_autofree char *base_url = sb_environment_get_base_url (settings);
  g_autofree char *workspace = sb_environment_get_workspace (settings);

  return sb_dashscope_client_new (base_url, api_key, workspace, error);
}

/* The durations of past tasks, so polling starts out informed. */
void
sb_setup_load_schedule (GSettings      *settings,
                              SbPollSchedule *schedule)
{
  g_autoptr(GVariant) durations = NULL;

  if (settings == NULL)
    return;

  durations = g_settings_get_value (settings, "task-durations");
  sb_poll_schedule_load (schedule, durations);
}

void
sb_setup_save_schedule (GSettings      *settings,
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
sb_setup_get_upload_method (GSettings             *settings,
                                  const SbUploadOptions *options)
{
  if (options != NULL && options->method_set)
    return options->method;

  return settings != NULL ? (SbUploadMethod) g_settings_get_enum (settings, "upload-method")
                          : SB_UPLOAD_METHOD_DASHSCOPE;
}

/**
 * sb_setup_create_uploader:
 * @options: (nullable): overrides, as from the command line
 *
 * The upload method the settings (or @options) choose. The upload headers,
 * which may hold secrets, come only from @options: the caller reads them
 * from the keyring.
 */
SbUploader *
sb_setup_create_uploader (GSettings              *settings,
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

  method = sb_setup_get_upload_method (settings, options);
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
