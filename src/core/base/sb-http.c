/* sb-http.c: the one way an HTTP session is made
 *
 * The client, the uploaders and the upload probe all make their sessions
 * here, so every request says who sends it and none waits for ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sb-http.h"

/* One user agent, and @timeout_seconds for a silent peer (each caller also
 * bounds what it reads). */
SoupSession *
sb_http_session_new (guint timeout_seconds)
{
  return soup_session_new_with_options ("user-agent", "Sketchbloom/" PACKAGE_VERSION,
                                        "timeout", timeout_seconds,
                                        "idle-timeout", 60,
                                        NULL);
}
