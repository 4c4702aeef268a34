/* sb-error.c: one error domain for everything that can go wrong talking to DashScope
 *
 * Service errors are mapped to a family here and nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-error"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-limits.h"

typedef struct {
  guint  http_status;
  char  *service_code;
  char  *service_message;
  char  *request_id;
} SbErrorPrivate;

static void
sb_error_private_init (SbErrorPrivate *priv)
{
}

static void
sb_error_private_copy (const SbErrorPrivate *src,
                       SbErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->service_code = g_strdup (src->service_code);
  dest->service_message = g_strdup (src->service_message);
  dest->request_id = g_strdup (src->request_id);
}

static void
sb_error_private_clear (SbErrorPrivate *priv)
{
  g_clear_pointer (&priv->service_code, g_free);
  g_clear_pointer (&priv->service_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (SbError, sb_error)

/**
 * sb_error_clean_text:
 * @secret: (nullable): text that must not appear (the API key)
 *
 * Text from the service, made fit to show and store: valid UTF-8, control
 * characters (a terminal escape, a line break) turned to spaces, at most
 * SB_SERVICE_TEXT_MAX_CHARS, and @secret, should the service echo it back,
 * replaced. Returns: (nullable): NULL for NULL.
 */
char *
sb_error_clean_text (const char *text,
                     const char *secret)
{
  g_autofree char *valid = NULL;
  GString *clean;
  glong n = 0;

  if (text == NULL)
    return NULL;

  /* The key first, every time it comes, on the whole text: cut first, a key
   * across the cut would be kept in part. */
  valid = g_utf8_make_valid (text, -1);
  if (secret != NULL && *secret != '\0')
    {
      g_autoptr(GString) scrubbed = g_string_new (valid);

      g_string_replace (scrubbed, secret, "[API key]", 0);
      g_free (valid);
      valid = g_string_free (g_steal_pointer (&scrubbed), FALSE);
    }
  clean = g_string_new (NULL);
  for (const char *c = valid; *c != '\0' && n < SB_SERVICE_TEXT_MAX_CHARS; c = g_utf8_next_char (c), n++)
    {
      gunichar u = g_utf8_get_char (c);

      if (g_unichar_iscntrl (u))
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, u);
    }

  return g_string_free (clean, FALSE);
}

/* What a task id or a request id is made of: DashScope's are UUIDs. Anything
 * else (a path, an escape, the key replaced) is no id to print, store or
 * put in an address. */
gboolean
sb_error_is_safe_id (const char *id)
{
  gsize length = id != NULL ? strlen (id) : 0;

  if (length == 0 || length > SB_SERVICE_ID_MAX_CHARS || id[0] == '.')
    return FALSE;
  for (const char *c = id; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

/**
 * sb_error_clean_id:
 * @secret: (nullable): the API key
 *
 * An id from the service (a request_id) as sb_error_clean_text() cleans
 * text, then kept only if it is still an id. Returns: (nullable)
 */
char *
sb_error_clean_id (const char *id,
                   const char *secret)
{
  g_autofree char *clean = sb_error_clean_text (id, secret);

  return sb_error_is_safe_id (clean) ? g_steal_pointer (&clean) : NULL;
}

SbErrorCode
sb_error_code_for_service (guint       http_status,
                           const char *code)
{
  if (code == NULL)
    code = "";

  if (g_str_equal (code, "InvalidApiKey") || http_status == 401)
    return SB_ERROR_AUTH;
  if (g_str_has_prefix (code, "InvalidParameter"))
    return SB_ERROR_INVALID_PARAMETER;
  if (g_str_has_prefix (code, "InvalidURL"))
    return SB_ERROR_INVALID_URL;
  if (g_str_equal (code, "InvalidFile.Resolution"))
    return SB_ERROR_RESOLUTION;
  if (g_str_has_prefix (code, "InvalidFile"))
    return SB_ERROR_INVALID_URL;
  /* Quota and billing: waiting a second will not help. */
  if (g_str_equal (code, "Throttling.AllocationQuota") ||
      g_str_has_prefix (code, "Arrearage") ||
      g_str_has_suffix (code, "FreeTierOnly"))
    return SB_ERROR_ACCOUNT;
  if (g_str_has_prefix (code, "Throttling") || http_status == 429)
    return SB_ERROR_THROTTLED;
  /* "current user api does not support synchronous calls", a model the
   * account has not opened: the key itself is fine. */
  if (g_str_has_prefix (code, "AccessDenied") || http_status == 403)
    return SB_ERROR_ACCESS_DENIED;
  if (http_status >= 500)
    return SB_ERROR_SERVER;

  return SB_ERROR_REFUSED;
}

static const char *
describe (SbErrorCode code)
{
  switch (code)
    {
    case SB_ERROR_AUTH:
      return _("DashScope refused the API key");
    case SB_ERROR_ACCESS_DENIED:
      return _("DashScope denied this account access to the model");
    case SB_ERROR_INVALID_PARAMETER:
      return _("DashScope refused a parameter");
    case SB_ERROR_INVALID_URL:
      return _("DashScope could not read the sketch");
    case SB_ERROR_RESOLUTION:
      return _("DashScope does not accept the sketch’s size");
    case SB_ERROR_THROTTLED:
      return _("DashScope is busy with too many requests");
    case SB_ERROR_ACCOUNT:
      return _("The DashScope account cannot make pictures now (quota or billing)");
    case SB_ERROR_SERVER:
      return _("DashScope had a server error");
    case SB_ERROR_TASK_FAILED:
      return _("The task failed");
    case SB_ERROR_REFUSED:
    default:
      return _("DashScope refused the request");
    }
}

/**
 * sb_error_describe_service_code:
 * @code: (nullable): a code DashScope answered with, or put on a failed task
 *   or image ("InvalidParameter", "InternalError.Timeout", …)
 *
 * Our own sentence for a code the reference names (and the few it uses in
 * practice), so what the artist reads is translated and plain; the
 * service's own words stay in the details.
 *
 * Returns: (nullable): the sentence, or %NULL for a code not known here
 */
const char *
sb_error_describe_service_code (const char *code)
{
  SbErrorCode ours;

  if (code == NULL || *code == '\0')
    return NULL;
  if (g_str_equal (code, "InternalError.Timeout"))
    return _("DashScope took too long to make this picture");
  if (g_str_has_prefix (code, "InternalError"))
    return _("DashScope had an internal error");
  if (strstr (code, "DataInspection") != NULL)
    return _("DashScope’s content check refused the prompt or the sketch");
  ours = sb_error_code_for_service (0, code);
  return ours != SB_ERROR_REFUSED ? describe (ours) : NULL;
}

/* Every field the service sent: the key out first, then control
 * characters, then cut; ids kept only if they are ids. The message is our
 * own sentence for a code we know; the service's words (typos and all)
 * only when we do not, and always in the details. */
static GError *
new_with_details (SbErrorCode  code,
                  guint        http_status,
                  const char  *service_code,
                  const char  *service_message,
                  const char  *request_id,
                  const char  *secret)
{
  GError *error;
  SbErrorPrivate *priv;
  g_autofree char *message = sb_error_clean_text (service_message, secret);
  g_autofree char *clean_code = sb_error_clean_text (service_code, secret);
  const char *known = sb_error_describe_service_code (clean_code);

  if (code == SB_ERROR_TASK_FAILED && known != NULL)
    error = g_error_new (SB_ERROR, code, "%s: %s", describe (code), known);
  else if (known != NULL)
    error = g_error_new_literal (SB_ERROR, code, known);
  else if ((code == SB_ERROR_TASK_FAILED || code == SB_ERROR_REFUSED) &&
           message != NULL && *message != '\0')
    error = g_error_new (SB_ERROR, code, "%s: %s", describe (code), message);
  else
    error = g_error_new_literal (SB_ERROR, code, describe (code));

  priv = sb_error_get_private (error);
  priv->http_status = http_status;
  priv->service_code = g_steal_pointer (&clean_code);
  priv->service_message = g_steal_pointer (&message);
  priv->request_id = sb_error_clean_id (request_id, secret);

  return error;
}

/* An error answer from the service: {"code", "message", "request_id"};
 * @secret (nullable), the key, is replaced wherever the service echoes it. */
GError *
sb_error_new_service (guint       http_status,
                      const char *service_code,
                      const char *service_message,
                      const char *request_id,
                      const char *secret)
{
  g_autofree char *clean_code = sb_error_clean_text (service_code, secret);

  return new_with_details (sb_error_code_for_service (http_status, clean_code),
                           http_status, service_code, service_message, request_id, secret);
}

/* A task that ended FAILED: output.code and output.message. */
GError *
sb_error_new_task_failed (const char *service_code,
                          const char *service_message,
                          const char *request_id)
{
  return new_with_details (SB_ERROR_TASK_FAILED, 200, service_code, service_message, request_id, NULL);
}

static SbErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != SB_ERROR)
    return NULL;

  return sb_error_get_private (error);
}

const char *
sb_error_get_service_code (const GError *error)
{
  SbErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->service_code : NULL;
}

const char *
sb_error_get_service_message (const GError *error)
{
  SbErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->service_message : NULL;
}

const char *
sb_error_get_request_id (const GError *error)
{
  SbErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

guint
sb_error_get_http_status (const GError *error)
{
  SbErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/* "CODE: message (request_id: …)" for the service's errors, the message
 * alone for others: what a user quotes to support. */
char *
sb_error_format_details (const GError *error)
{
  const char *code = sb_error_get_service_code (error);
  const char *message = sb_error_get_service_message (error);
  const char *request_id = sb_error_get_request_id (error);
  GString *details = g_string_new (NULL);

  g_return_val_if_fail (error != NULL, NULL);

  if (code != NULL)
    g_string_append_printf (details, "%s: %s", code, message != NULL ? message : error->message);
  else
    g_string_append (details, error->message);

  if (request_id != NULL)
    g_string_append_printf (details, " (request_id: %s)", request_id);

  return g_string_free (details, FALSE);
}

/* What to do about an error, in a sentence; NULL when there is nothing
 * better to do than read it. The window and the CLI say the same. */
const char *
sb_error_get_advice (const GError *error)
{
  if (error == NULL || error->domain != SB_ERROR)
    return NULL;

  switch ((SbErrorCode) error->code)
    {
    case SB_ERROR_NO_API_KEY:
    case SB_ERROR_AUTH:
      return _("Check the API key in Preferences.");
    case SB_ERROR_ACCESS_DENIED:
      return _("The key is fine: check in the DashScope console that the account may use this model.");
    case SB_ERROR_THROTTLED:
      return _("Try again in a minute.");
    case SB_ERROR_ACCOUNT:
      return _("Check the account’s balance and quota in the DashScope console.");
    case SB_ERROR_NETWORK:
      return _("Sketchbloom sends it again when the network is back.");
    case SB_ERROR_SERVER:
      return _("Try again later.");
    case SB_ERROR_INVALID_URL:
    case SB_ERROR_UPLOAD:
      return _("Check the sketch upload in Preferences (Test Upload).");
    case SB_ERROR_RESOLUTION:
      return _("Use a sketch between 256 and 2048 pixels.");
    case SB_ERROR_TASK_FAILED:
      return _("Try again, or change the prompt.");
    case SB_ERROR_TASK_UNKNOWN:
      return _("DashScope keeps tasks for 24 hours: generate it again.");
    case SB_ERROR_UNCERTAIN:
      return _("The task may have been made: look in the gallery before trying again.");
    case SB_ERROR_REGION:
      return _("Choose Mainland China (Beijing) in Preferences, with a Beijing-region key, or a custom address that serves it.");
    case SB_ERROR_KEYRING:          /* its message names the way out */
    case SB_ERROR_INVALID_INPUT:
    case SB_ERROR_INSECURE_URL:
    case SB_ERROR_INVALID_PARAMETER:
    case SB_ERROR_REFUSED:
    case SB_ERROR_MALFORMED:
    case SB_ERROR_NOT_CANCELLABLE:
    case SB_ERROR_DOWNLOAD:
    default:
      return NULL;
    }
}

/* What went wrong, then what to do about it: one line for a toast. */
char *
sb_error_format_summary (const GError *error)
{
  const char *advice = sb_error_get_advice (error);

  g_return_val_if_fail (error != NULL, NULL);

  if (advice == NULL)
    return g_strdup (error->message);
  if (g_str_has_suffix (error->message, ".") || g_str_has_suffix (error->message, "。"))
    return g_strdup_printf ("%s %s", error->message, advice);
  /* Translators: what went wrong, then what to do about it */
  return g_strdup_printf (_("%s. %s"), error->message, advice);
}

/* For support: the summary, then what the service said, and where. */
char *
sb_error_format_report (const GError *error)
{
  g_autofree char *formatted = sb_error_format_details (error);
  GString *details = g_string_new (NULL);

  if (sb_error_get_service_code (error) != NULL)
    g_string_append_printf (details, "%s\n", error->message);
  g_string_append (details, formatted);
  if (sb_error_get_http_status (error) >= 400)
    g_string_append_printf (details, "\nHTTP %u", sb_error_get_http_status (error));
  return g_string_free (details, FALSE);
}

/* Whether a setting fixes @error: the key, the service, the upload. */
gboolean
sb_error_is_fixed_in_preferences (const GError *error)
{
  return sb_error_is_missing_key (error) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_AUTH) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_INSECURE_URL) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_INVALID_URL) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_REGION) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_UPLOAD);
}

/* No key to send: none set, or the keyring that keeps it out of reach. */
gboolean
sb_error_is_missing_key (const GError *error)
{
  return g_error_matches (error, SB_ERROR, SB_ERROR_NO_API_KEY) ||
         g_error_matches (error, SB_ERROR, SB_ERROR_KEYRING);
}

/**
 * sb_error_is_transient:
 *
 * Whether @error may pass by itself: the network, a timeout, the service's
 * 5xx or 429, an answer cut or garbled on its way. Waiting for a task goes
 * on through these; only the service's own word ends it.
 */
gboolean
sb_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == SB_ERROR)
    return error->code == SB_ERROR_NETWORK || error->code == SB_ERROR_SERVER ||
           error->code == SB_ERROR_THROTTLED || error->code == SB_ERROR_MALFORMED;
  if (error->domain == G_RESOLVER_ERROR)
    return error->code != G_RESOLVER_ERROR_INTERNAL;
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}
