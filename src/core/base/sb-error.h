/* sb-error.h: one error domain for everything that can go wrong talking to DashScope
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SB_ERROR (sb_error_quark ())

/* One code per family; what the service said (its code, message and
 * request_id) travels with the error, for display and support. */
typedef enum {
  SB_ERROR_INVALID_INPUT,      /* refused here, before any request */
  SB_ERROR_NO_API_KEY,
  SB_ERROR_INSECURE_URL,       /* http:// to a host that is not loopback */
  SB_ERROR_AUTH,               /* InvalidApiKey, 401 */
  SB_ERROR_INVALID_PARAMETER,  /* InvalidParameter */
  SB_ERROR_INVALID_URL,        /* InvalidURL: the sketch could not be fetched or read */
  SB_ERROR_RESOLUTION,         /* InvalidFile.Resolution */
  SB_ERROR_THROTTLED,          /* 429, Throttling*: worth a retry */
  SB_ERROR_ACCOUNT,            /* quota or billing (Arrearage, AllocationQuota): not */
  SB_ERROR_REFUSED,            /* any other 4xx */
  SB_ERROR_SERVER,             /* 5xx */
  SB_ERROR_NETWORK,
  SB_ERROR_MALFORMED,          /* an answer that is not what the contract says */
  SB_ERROR_TASK_FAILED,
  SB_ERROR_TASK_UNKNOWN,       /* no such task, or expired (24 h) */
  SB_ERROR_UNCERTAIN,          /* a create went out and its fate is unknown */
  SB_ERROR_NOT_CANCELLABLE,    /* only PENDING tasks can be cancelled */
  SB_ERROR_DOWNLOAD,           /* a result could not be fetched, or is no image */
  SB_ERROR_UPLOAD,             /* the sketch could not be put online */
  SB_ERROR_ACCESS_DENIED,      /* AccessDenied*, 403: the key is fine, the account may not do this */
  SB_ERROR_KEYRING,            /* no session bus, no keyring or Secret portal, a locked keyring */
  SB_ERROR_REGION,             /* the region chosen does not serve the engine: refused before any request */
} SbErrorCode;

GQuark      sb_error_quark                  (void);

char       *sb_error_clean_text             (const char   *text,
                                             const char   *secret);
char       *sb_error_clean_id               (const char   *id,
                                             const char   *secret);
gboolean    sb_error_is_safe_id             (const char   *id);

GError     *sb_error_new_service            (guint         http_status,
                                             const char   *service_code,
                                             const char   *service_message,
                                             const char   *request_id,
                                             const char   *secret);
GError     *sb_error_new_task_failed        (const char   *service_code,
                                             const char   *service_message,
                                             const char   *request_id);
const char *sb_error_describe_service_code  (const char   *code);
SbErrorCode sb_error_code_for_service       (guint         http_status,
                                             const char   *service_code);
const char *sb_error_get_service_code       (const GError *error);
const char *sb_error_get_service_message    (const GError *error);
const char *sb_error_get_request_id         (const GError *error);
guint       sb_error_get_http_status        (const GError *error);
char       *sb_error_format_details         (const GError *error);
const char *sb_error_get_advice             (const GError *error);
char       *sb_error_format_summary         (const GError *error);
char       *sb_error_format_report          (const GError *error);

gboolean     sb_error_is_fixed_in_preferences (const GError *error);
gboolean     sb_error_is_missing_key          (const GError *error);
gboolean     sb_error_is_transient            (const GError *error);

G_END_DECLS
