/* sb-preferences.h: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_PREFERENCES (sb_preferences_get_type ())

G_DECLARE_FINAL_TYPE (SbPreferences, sb_preferences, SB, PREFERENCES, AdwPreferencesWindow)

SbPreferences *sb_preferences_new (GtkWindow *parent,
                                   GSettings *settings);

G_END_DECLS
