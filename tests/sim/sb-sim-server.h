/* sb-sim-server.h: a local stand-in for the DashScope endpoints Sketchbloom uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SB_TYPE_SIM_SERVER (sb_sim_server_get_type ())

G_DECLARE_FINAL_TYPE (SbSimServer, sb_sim_server, SB, SIM_SERVER, GObject)

SbSimServer *sb_sim_server_new            (const char   *api_key,
                                           double        service_seconds);
gboolean     sb_sim_server_add_fault      (SbSimServer  *self,
                                           const char   *spec,
                                           GError      **error);
gboolean     sb_sim_server_set_log_file   (SbSimServer  *self,
                                           const char   *path,
                                           GError      **error);
void         sb_sim_server_set_history_directory (SbSimServer *self,
                                                  GFile       *history);
gboolean     sb_sim_server_entry_waits    (SbSimServer  *self,
                                           const char   *prompt);
gboolean     sb_sim_server_listen         (SbSimServer  *self,
                                           guint         port,
                                           GError      **error);
char        *sb_sim_server_get_base_url   (SbSimServer  *self);
char        *sb_sim_server_get_files_url  (SbSimServer  *self);
void         sb_sim_server_store          (SbSimServer  *self,
                                           const char   *path,
                                           GBytes       *bytes);
guint        sb_sim_server_count_tasks    (SbSimServer  *self);
guint        sb_sim_server_count_requests (SbSimServer  *self,
                                           const char   *method,
                                           const char   *path_prefix);

void         sb_sim_server_hold_uploads   (SbSimServer  *self,
                                           gboolean      hold);
guint        sb_sim_server_count_held_uploads (SbSimServer *self);

G_END_DECLS
