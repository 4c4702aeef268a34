/* sb-test-util.h: helpers shared by the tests that talk to the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes       *sb_test_make_sketch_png (int            width,
                                       int            height);
void          sb_test_store_result    (GObject       *source,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *sb_test_wait_for        (GAsyncResult **result);
GPtrArray    *sb_test_read_log        (const char    *path);
void          sb_test_remove_tree     (GFile         *file);
double        sb_test_rss_mb          (void);

G_END_DECLS
