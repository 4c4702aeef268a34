/* sb-test-util.h: helpers shared by the tests that talk to the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

GBytes       *sb_test_make_sketch_png (int            width,
                                       int            height);
GBytes       *sb_test_pixbuf_to_png   (GdkPixbuf     *pixbuf);
GBytes       *sb_test_png_header      (guint32        width,
                                       guint32        height);
void          sb_test_store_result    (GObject       *source,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *sb_test_wait_for        (GAsyncResult **result);
GPtrArray    *sb_test_read_log        (const char    *path);
void          sb_test_remove_tree     (GFile         *file);
double        sb_test_rss_mb          (void);

/* A loopback HTTP server that answers every request with 200 and then a body
 * that never ends (ENDLESS: 64 KB at a time, as fast as it is read) or that
 * drips (DRIP: one byte every 200 ms). Returns its base URL; stops with the
 * returned service (unref it). */
typedef enum {
  SB_TEST_HOSTILE_ENDLESS,
  SB_TEST_HOSTILE_DRIP,
  SB_TEST_HOSTILE_OTHER_TASK,   /* a well-formed answer about task "someone-else" */
  SB_TEST_HOSTILE_REDIRECT_OUT, /* 302 to plain http on a host that is not this one */
  SB_TEST_HOSTILE_REDIRECT_LOOP,/* 302 to itself, for ever */
} SbTestHostile;

GSocketService *sb_test_hostile_server_new (SbTestHostile   mode,
                                            char          **base_url);

G_END_DECLS
