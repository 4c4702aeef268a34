/* sb-usage-ledger.h: the images DashScope billed, kept apart from the gallery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-usage.h"

G_BEGIN_DECLS

#define SB_TYPE_USAGE_LEDGER (sb_usage_ledger_get_type ())

G_DECLARE_FINAL_TYPE (SbUsageLedger, sb_usage_ledger, SB, USAGE_LEDGER, GObject)

SbUsageLedger *sb_usage_ledger_new         (GFile               *file,
                                            GFile               *history);
void           sb_usage_ledger_load_async  (SbUsageLedger       *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       sb_usage_ledger_load_finish (SbUsageLedger       *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean       sb_usage_ledger_add         (SbUsageLedger       *self,
                                            const char          *task_id,
                                            const char          *model,
                                            gint64               time,
                                            guint                images);
void           sb_usage_ledger_compute     (SbUsageLedger       *self,
                                            GDateTime           *now,
                                            SbUsage             *usage);
gboolean       sb_usage_ledger_get_busy    (SbUsageLedger       *self);
gboolean       sb_usage_ledger_get_full    (SbUsageLedger       *self);

G_END_DECLS
