/* sb-gui-test-util.h: what the GUI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-generator.h"

G_BEGIN_DECLS

gpointer     sb_gui_test_find_child    (GtkWidget  *root,
                                        const char *name);
SbGenerator *sb_gui_test_generator_new (GSettings  *settings,
                                        GFile      *data_directory);
GSettings   *sb_gui_test_settings_new  (void);
void         sb_gui_test_assert_finalized (gpointer object);
GtkWindow   *sb_gui_test_find_toplevel (GType       type);
void         sb_gui_test_save_screenshot (GtkWidget  *widget,
                                          const char *prefix,
                                          const char *name);

G_END_DECLS
