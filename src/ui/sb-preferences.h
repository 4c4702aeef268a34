/* sb-preferences.h: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-generator.h"
#include "sb-widget-compat.h"

G_BEGIN_DECLS

#define SB_TYPE_PREFERENCES (sb_preferences_get_type ())

/* One more expansion, so G_DECLARE_FINAL_TYPE pastes the parent's real name. */
#define SB_DECLARE_PREFERENCES(Parent) \
  G_DECLARE_FINAL_TYPE (SbPreferences, sb_preferences, SB, PREFERENCES, Parent)
SB_DECLARE_PREFERENCES (SB_PREFERENCES_PARENT)

SbPreferences *sb_preferences_new (SbGenerator *generator);

G_END_DECLS
