/* sb-http.c: HTTP as every part of Sketchbloom uses it
 *
 * The client, the result downloads, the uploaders and the upload probe all
 * make their sessions here (so every request says who sends it and none
 * waits for ever), check addresses the same way (https, or http to this
 * computer), and wait between retries the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-http.h"

/* Retries: exponential from half a second, at most 8 s apart. */
#define FIRST_RETRY_DELAY 0.5
#define MAX_RETRY_DELAY 8.0

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

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * sb_http_check_url:
 *
 * Accepts https:// URLs, and http:// only to this machine (the simulator,
 * tests): anything else would send the key or the sketch in the clear.
 */
gboolean
sb_http_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url != NULL ? url : "", G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("“%s” is not a web address"), url != NULL ? url : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, SB_ERROR, SB_ERROR_INSECURE_URL,
               _("Refusing %s: only https:// addresses are allowed, or http:// to this computer"),
               url);
  return FALSE;
}

double
sb_http_retry_delay (guint        attempt,
                     SoupMessage *msg)
{
  const char *retry_after = msg != NULL ? soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After") : NULL;
  guint64 seconds;
  double delay;

  if (retry_after != NULL && g_ascii_string_to_unsigned (retry_after, 10, 0, 60, &seconds, NULL))
    return seconds;

  /* Exponential backoff with ±25 % jitter, so clients do not retry in step. */
  delay = MIN (FIRST_RETRY_DELAY * (1 << MIN (attempt - 1, 8)), MAX_RETRY_DELAY);
  return delay * g_random_double_range (0.75, 1.25);
}

/* A pause the GCancellable can cut short: a timeout with the cancellable's
 * source as its child, so whichever comes first dispatches it. */
static gboolean
on_slept (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

void
sb_http_sleep_async (double               seconds,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GSource *source = g_timeout_source_new ((guint) (seconds * 1000));

  if (cancellable != NULL)
    {
      GSource *cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
      g_source_unref (cancelled);
    }

  g_task_attach_source (task, source, on_slept);
  g_source_unref (source);
}

gboolean
sb_http_sleep_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
