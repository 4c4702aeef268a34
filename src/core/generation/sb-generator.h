/* sb-generator.h: runs generations, from a sketch to saved pictures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-setup.h"
#include "sb-history.h"
#include "sb-job-queue.h"
#include "sb-sweep.h"
#include "sb-usage-ledger.h"

G_BEGIN_DECLS

#define SB_TYPE_GENERATOR (sb_generator_get_type ())

G_DECLARE_FINAL_TYPE (SbGenerator, sb_generator, SB, GENERATOR, GObject)

SbGenerator *sb_generator_new                (GSettings             *settings,
                                              GFile                 *data_directory);
void         sb_generator_set_overrides      (SbGenerator           *self,
                                              const SbUploadOptions *options);
GFile       *sb_generator_get_data_directory (SbGenerator           *self);
GSettings   *sb_generator_get_settings       (SbGenerator           *self);
SbHistory   *sb_generator_get_history        (SbGenerator           *self);
SbUsageLedger *sb_generator_get_usage_ledger (SbGenerator         *self);
gboolean     sb_generator_get_busy           (SbGenerator           *self);
SbJob       *sb_generator_find_job           (SbGenerator       *self,
                                              SbHistoryEntry    *entry);
double       sb_generator_get_typical_duration (SbGenerator       *self);
GListModel  *sb_generator_get_active_jobs    (SbGenerator           *self);
guint        sb_generator_get_n_offline      (SbGenerator           *self);
guint        sb_generator_get_n_uploading    (SbGenerator           *self);
SbUploadMethod sb_generator_get_upload_method (SbGenerator          *self);

void         sb_generator_load_async         (SbGenerator           *self,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean     sb_generator_load_finish        (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              guint                 *n_resumed,
                                              GError               **error);

void         sb_generator_submit_async       (SbGenerator           *self,
                                              SbParams              *params,
                                              GBytes                *sketch_png,
                                              const char            *sketch_url,
                                              SbSweepKind            sweep,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
void         sb_generator_edit_async         (SbGenerator           *self,
                                              SbParams              *params,
                                              GFile                 *picture,
                                              GBytes                *png,
                                              SbSweepKind            sweep,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
void         sb_generator_enlarge_async      (SbGenerator           *self,
                                              GFile                 *picture,
                                              int                    factor,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
GPtrArray   *sb_generator_submit_finish      (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);

void         sb_generator_follow_async       (SbGenerator           *self,
                                              const char            *task_id,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
void         sb_generator_retry_async        (SbGenerator           *self,
                                              SbHistoryEntry        *entry,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
void         sb_generator_remake_one_async   (SbGenerator           *self,
                                              SbHistoryEntry        *entry,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
SbJob       *sb_generator_job_finish         (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);

void         sb_generator_cancel_async       (SbGenerator           *self,
                                              SbJob                 *job,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean     sb_generator_cancel_finish      (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);
void         sb_generator_abandon            (SbGenerator           *self,
                                              SbJob                 *job);

void         sb_generator_query_async        (SbGenerator           *self,
                                              const char            *task_id,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
SbTask      *sb_generator_query_finish       (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);
void         sb_generator_cancel_task_async  (SbGenerator           *self,
                                              const char            *task_id,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean     sb_generator_cancel_task_finish (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);
void         sb_generator_check_key_async    (SbGenerator           *self,
                                              const char            *api_key,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean     sb_generator_check_key_finish   (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);
void         sb_generator_test_upload_async  (SbGenerator           *self,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
char        *sb_generator_test_upload_finish (SbGenerator           *self,
                                              GAsyncResult          *result,
                                              GError               **error);

G_END_DECLS
