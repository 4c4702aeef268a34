/* sb-worker.h: the threads that decode, scale and write pictures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void sb_worker_run (GTask           *task,
                    GTaskThreadFunc  func);

G_END_DECLS
