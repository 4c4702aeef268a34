/* sb-history-entry.h: one generation as the history keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sb-job.h"
#include "sb-params.h"
#include "sb-sweep.h"
#include "sb-upload-method.h"

G_BEGIN_DECLS

/* Where a generation stands, as its entry.json says (by nick). The first
 * nine are SbJobState's, in its order; then two only the history knows. */
typedef enum {
  SB_HISTORY_ENTRY_QUEUED,
  SB_HISTORY_ENTRY_UPLOADING,
  SB_HISTORY_ENTRY_SUBMITTING,
  SB_HISTORY_ENTRY_PENDING,
  SB_HISTORY_ENTRY_RUNNING,
  SB_HISTORY_ENTRY_DOWNLOADING,
  SB_HISTORY_ENTRY_DONE,
  SB_HISTORY_ENTRY_FAILED,
  SB_HISTORY_ENTRY_CANCELLED,
  SB_HISTORY_ENTRY_EXPIRED,      /* older than the service keeps tasks (24 h) */
  SB_HISTORY_ENTRY_INCOMPLETE,   /* made, some pictures still to fetch */
} SbHistoryEntryState;

#define SB_TYPE_HISTORY_ENTRY (sb_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (SbHistoryEntry, sb_history_entry, SB, HISTORY_ENTRY, GObject)

SbHistoryEntry *sb_history_entry_new            (GFile           *directory,
                                                 SbParams        *params,
                                                 const char      *sketch_url,
                                                 SbUploadMethod   upload_method);
SbHistoryEntry *sb_history_entry_load           (GFile           *directory,
                                                 GError         **error);
SbHistoryEntry *sb_history_entry_load_from_data (GFile       *directory,
                                                 const char  *contents,
                                                 gsize        length,
                                                 GError     **error);
GBytes         *sb_history_entry_serialize      (SbHistoryEntry  *self);
gboolean        sb_history_entry_save           (SbHistoryEntry  *self,
                                                 GCancellable    *cancellable,
                                                 GError         **error);
GFile          *sb_history_entry_get_directory  (SbHistoryEntry  *self);
SbParams       *sb_history_entry_get_params     (SbHistoryEntry  *self);
const char     *sb_history_entry_get_sketch_url (SbHistoryEntry  *self);
SbUploadMethod  sb_history_entry_get_upload_method (SbHistoryEntry *self);
SbHistoryEntryState sb_history_entry_get_state  (SbHistoryEntry  *self);
void            sb_history_entry_set_state      (SbHistoryEntry  *self,
                                                 SbHistoryEntryState state);
SbHistoryEntryState sb_history_entry_state_from_job (SbJobState  state);
const char     *sb_history_entry_get_task_id    (SbHistoryEntry  *self);
void            sb_history_entry_set_task       (SbHistoryEntry  *self,
                                                 const char      *task_id,
                                                 const char      *request_id,
                                                 gint64           created_at);
void            sb_history_entry_set_task_status (SbHistoryEntry *self,
                                                  SbTaskStatus    status);
gboolean        sb_history_entry_has_open_task  (SbHistoryEntry  *self,
                                                 gint64           now);
gint64          sb_history_entry_get_created_at (SbHistoryEntry  *self);
gint64          sb_history_entry_get_task_created_at (SbHistoryEntry *self);
GStrv           sb_history_entry_get_images     (SbHistoryEntry  *self);
void            sb_history_entry_add_image      (SbHistoryEntry  *self,
                                                 const char      *basename);
gboolean        sb_history_entry_remove_image   (SbHistoryEntry  *self,
                                                 const char      *basename);
void            sb_history_entry_add_failure    (SbHistoryEntry  *self,
                                                 guint            index,
                                                 const char      *code,
                                                 const char      *message);
void            sb_history_entry_set_error      (SbHistoryEntry  *self,
                                                 const GError    *error);
void            sb_history_entry_clear_error    (SbHistoryEntry  *self);
gboolean        sb_history_entry_is_finished    (SbHistoryEntry  *self);
gboolean        sb_history_entry_can_retry      (SbHistoryEntry  *self);
gboolean        sb_history_entry_can_dismiss    (SbHistoryEntry  *self,
                                                 gint64           now);
GStrv           sb_history_entry_get_failures   (SbHistoryEntry  *self);
void            sb_history_entry_add_download_failure    (SbHistoryEntry *self,
                                                          guint           index,
                                                          const char     *url,
                                                          const GError   *error);
void            sb_history_entry_clear_download_failures (SbHistoryEntry *self);
const char     *sb_history_entry_get_error      (SbHistoryEntry  *self);
gboolean        sb_history_entry_get_error_in_preferences (SbHistoryEntry *self);
void            sb_history_entry_set_sketch_url (SbHistoryEntry  *self,
                                                 const char      *sketch_url);
void            sb_history_entry_set_sweep      (SbHistoryEntry  *self,
                                                 const char      *id,
                                                 SbSweepKind      kind,
                                                 guint            index);
const char     *sb_history_entry_get_sweep_id   (SbHistoryEntry  *self);
SbSweepKind     sb_history_entry_get_sweep_kind (SbHistoryEntry  *self);
guint           sb_history_entry_get_sweep_index (SbHistoryEntry *self);
void            sb_history_entry_restart        (SbHistoryEntry  *self);
double          sb_history_entry_estimate_progress (SbHistoryEntry *self,
                                                    double          typical_seconds,
                                                    gint64          now);

void            sb_history_entry_set_parent    (SbHistoryEntry  *self,
                                                  const char      *parent,
                                                  const char      *image);
const char     *sb_history_entry_get_parent_entry (SbHistoryEntry *self);
const char     *sb_history_entry_get_parent_image (SbHistoryEntry *self);

char           *sb_history_entry_suggest_name    (SbHistoryEntry  *self,
                                                  const char      *basename);

G_END_DECLS
