/* sb-history.h: every generation, kept on disk, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-history-entry.h"
#include "sb-limits.h"
#include "sb-job-queue.h"

G_BEGIN_DECLS

/* The service keeps tasks and result URLs this long. */

#define SB_TYPE_HISTORY (sb_history_get_type ())

G_DECLARE_FINAL_TYPE (SbHistory, sb_history, SB, HISTORY, GObject)

SbHistory      *sb_history_new            (GFile                *directory);
void            sb_history_load_async     (SbHistory            *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean        sb_history_load_finish    (SbHistory            *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void            sb_history_record_async   (SbHistory            *self,
                                           SbParams             *params,
                                           SbSweepKind           sweep,
                                           GBytes               *sketch_png,
                                           const char           *sketch_url,
                                           SbUploadMethod        upload_method,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void            sb_history_record_edit_async (SbHistory           *self,
                                              SbParams            *params,
                                              SbSweepKind          sweep,
                                              GBytes              *sketch_png,
                                              const char          *sketch_url,
                                              SbUploadMethod       upload_method,
                                              GFile               *parent,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray      *sb_history_record_finish  (SbHistory            *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void            sb_history_follow         (SbHistory            *self,
                                           SbHistoryEntry       *entry,
                                           SbJob                *job);
void            sb_history_set_state      (SbHistory            *self,
                                           SbHistoryEntry       *entry,
                                           SbHistoryEntryState   state,
                                           const GError         *error);
SbHistoryEntry *sb_history_get_parent     (SbHistory            *self,
                                           SbHistoryEntry       *entry);
GPtrArray      *sb_history_get_generation (SbHistory            *self,
                                           SbHistoryEntry       *entry);
GPtrArray      *sb_history_get_generation_files (SbHistory      *self,
                                                 SbHistoryEntry *entry,
                                                 GFile          *picture,
                                                 guint          *position);
GPtrArray      *sb_history_get_sweep_files (SbHistory      *self,
                                            SbHistoryEntry *entry);
GPtrArray      *sb_history_get_sweep      (SbHistory            *self,
                                           const char           *sweep_id);
guint           sb_history_resume         (SbHistory            *self,
                                           SbJobQueue           *queue);
SbJob          *sb_history_resume_entry   (SbHistory            *self,
                                           SbJobQueue           *queue,
                                           SbHistoryEntry       *entry);
void            sb_history_delete_async   (SbHistory            *self,
                                           SbHistoryEntry       *entry,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean        sb_history_delete_finish  (SbHistory            *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean        sb_history_get_busy       (SbHistory            *self);
void            sb_history_changed        (SbHistory            *self,
                                           SbHistoryEntry       *entry);
SbHistoryEntry *sb_history_find_directory (SbHistory            *self,
                                           GFile                *directory);
SbHistoryEntry *sb_history_find_image     (SbHistory            *self,
                                           GFile                *image);
gboolean        sb_history_holds_image    (SbHistory            *self,
                                           GFile                *image);

SbHistoryEntry *sb_history_remove_image   (SbHistory            *self,
                                           GFile                *image);
void            sb_history_restore_image  (SbHistory            *self,
                                           SbHistoryEntry       *entry,
                                           GFile                *image);
void            sb_history_forget_image   (SbHistory            *self,
                                           GFile                *image);

G_END_DECLS
