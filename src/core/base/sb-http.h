/* sb-http.h: the one way an HTTP session is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *sb_http_session_new (guint timeout_seconds);

G_END_DECLS
