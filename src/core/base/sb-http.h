/* sb-http.h: HTTP as every part of Sketchbloom uses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *sb_http_session_new   (guint                timeout_seconds);
gboolean     sb_http_check_url     (const char          *url,
                                    GError             **error);
double       sb_http_retry_delay   (guint                attempt,
                                    SoupMessage         *msg);
void         sb_http_sleep_async   (double               seconds,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean     sb_http_sleep_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
