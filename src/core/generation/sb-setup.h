/* sb-setup.h: the service's objects, made as the settings say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-dashscope-client.h"
#include "sb-environment.h"
#include "sb-poll-schedule.h"
#include "sb-upload-method.h"
#include "sb-uploader.h"

G_BEGIN_DECLS

SbDashscopeClient *sb_setup_create_client (GSettings  *settings,
                                           const char *api_key,
                                           GError    **error);
void       sb_setup_load_schedule  (GSettings      *settings,
                                    SbPollSchedule *schedule);
void       sb_setup_save_schedule  (GSettings      *settings,
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

SbUploadMethod sb_setup_get_upload_method (GSettings             *settings,
                                           const SbUploadOptions *options);
SbUploader *sb_setup_create_uploader (GSettings             *settings,
                                      SbDashscopeClient     *client,
                                      const SbUploadOptions *options,
                                      GError               **error);

G_END_DECLS
