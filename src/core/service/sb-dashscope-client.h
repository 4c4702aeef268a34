/* sb-dashscope-client.h: talking to DashScope's image-synthesis task API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-limits.h"

#include "sb-params.h"
#include "sb-poll-schedule.h"
#include "sb-region.h"
#include "sb-result-download.h"
#include "sb-http.h"
#include "sb-task.h"

G_BEGIN_DECLS


/* Temporary storage: where and how to post a file (the answer's "data"). */
typedef struct {
  char   *policy;
  char   *signature;
  char   *upload_dir;
  char   *upload_host;
  char   *oss_access_key_id;
  char   *object_acl;
  char   *forbid_overwrite;
  gint64  expires_at;   /* g_get_monotonic_time() */
} SbUploadPolicy;

void sb_upload_policy_free (SbUploadPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbUploadPolicy, sb_upload_policy_free)

#define SB_TYPE_DASHSCOPE_CLIENT (sb_dashscope_client_get_type ())

G_DECLARE_FINAL_TYPE (SbDashscopeClient, sb_dashscope_client, SB, DASHSCOPE_CLIENT, GObject)

SbDashscopeClient *sb_dashscope_client_new            (const char           *base_url,
                                                       const char           *api_key,
                                                       const char           *workspace,
                                                       GError              **error);
const char        *sb_dashscope_client_get_base_url   (SbDashscopeClient    *self);
gboolean           sb_dashscope_client_is_official    (SbDashscopeClient    *self);
void               sb_dashscope_client_set_answer_deadline (SbDashscopeClient *self,
                                                            guint              seconds);
void               sb_dashscope_client_create_task_async  (SbDashscopeClient   *self,
                                                           SbParams            *params,
                                                           const char          *sketch_url,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
SbTask            *sb_dashscope_client_create_task_finish (SbDashscopeClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               sb_dashscope_client_query_task_async   (SbDashscopeClient   *self,
                                                           const char          *task_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
SbTask            *sb_dashscope_client_query_task_finish  (SbDashscopeClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               sb_dashscope_client_cancel_task_async  (SbDashscopeClient   *self,
                                                           const char          *task_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           sb_dashscope_client_cancel_task_finish (SbDashscopeClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               sb_dashscope_client_wait_task_async    (SbDashscopeClient   *self,
                                                           SbTask              *task,
                                                           gint64               created_at,
                                                           SbPollSchedule      *schedule,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           sb_dashscope_client_wait_task_finish   (SbDashscopeClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               sb_dashscope_client_download_async     (SbDashscopeClient   *self,
                                                           const char          *url,
                                                           GFile               *directory,
                                                           const char          *basename,
                                                           const char * const  *png_text,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GFile             *sb_dashscope_client_download_finish    (SbDashscopeClient   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

void               sb_dashscope_client_get_upload_policy_async  (SbDashscopeClient   *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
SbUploadPolicy    *sb_dashscope_client_get_upload_policy_finish (SbDashscopeClient   *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
gboolean           sb_dashscope_client_is_international      (SbDashscopeClient   *self);
SbRegion           sb_dashscope_client_get_region            (SbDashscopeClient   *self);


G_END_DECLS
