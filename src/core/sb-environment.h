/* sb-environment.h: where to find the service, from the environment and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-dashscope-client.h"
#include "sb-poll-schedule.h"
#include "sb-upload-method.h"
#include "sb-uploader.h"

G_BEGIN_DECLS

GSettings *sb_environment_get_settings   (void);
GFile     *sb_environment_get_data_directory (void);
SoupSession *sb_environment_new_http_session (guint     timeout_seconds);
gboolean   sb_environment_is_sandboxed   (void);
char      *sb_environment_get_key_help   (gboolean        sandboxed);
char      *sb_environment_get_base_url   (GSettings      *settings);
char      *sb_environment_get_workspace  (GSettings      *settings);
SbDashscopeClient *sb_environment_create_client (GSettings  *settings,
                                                 const char *api_key,
                                                 GError    **error);
void       sb_environment_load_schedule  (GSettings      *settings,
                                          SbPollSchedule *schedule);
void       sb_environment_save_schedule  (GSettings      *settings,
                                          SbPollSchedule *schedule);

/* What the command line may override; NULL members come from settings. */
typedef struct {
  SbUploadMethod      method;
  gboolean            method_set;
  const char         *upload_url;
  const char         *public_url;
  const char         *form_field;
  const char         *url_path;
  const char * const *headers;
} SbUploadOptions;

SbUploadMethod sb_environment_get_upload_method (GSettings             *settings,
                                                 const SbUploadOptions *options);
SbUploader *sb_environment_create_uploader (GSettings             *settings,
                                            SbDashscopeClient     *client,
                                            const SbUploadOptions *options,
                                            GError               **error);

G_END_DECLS
