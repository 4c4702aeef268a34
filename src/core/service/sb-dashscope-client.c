/* sb-dashscope-client.c: talking to DashScope's image-synthesis task API
 *
 * One SoupSession, every call async and cancellable. Answers are checked in
 * order: transport error, HTTP status class, then strict typed JSON, into
 * SB_ERROR. Retries never risk a second paid task: a GET is retried on
 * network errors, 5xx, 429 and malformed answers; the create POST only when
 * the service provably did not take it (429 Throttling, or a request whose
 * body never went out).
 *
 * The API key goes only to the base URL's host: API requests are built from
 * the base URL and refuse redirects; downloads (sb-result-download.c, with
 * this session) never carry it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-dashscope-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-http.h"
#include "sb-result-download.h"

#define MAX_ATTEMPTS 6

struct _SbDashscopeClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base_uri;
  char        *base_url;
  char        *api_key;
  char        *workspace;
  guint        answer_deadline_s;
};

G_DEFINE_FINAL_TYPE (SbDashscopeClient, sb_dashscope_client, G_TYPE_OBJECT)

enum {
  SIGNAL_RETRYING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  RETRY_IDEMPOTENT,  /* GET, and cancel: asking twice does no harm */
  RETRY_CREATE,      /* only when the service provably did not take it */
} RetryPolicy;

typedef gpointer (*ParseFunc) (SbDashscopeClient *self, GBytes *body, GError **error);

typedef struct {
  char           *method;
  char           *path;
  GBytes         *body;
  ParseFunc       parse;
  GDestroyNotify  free_result;
  RetryPolicy     policy;
  gboolean        oss_resolve;
  gboolean        body_written;
  guint           attempt;
  guint           max_attempts;   /* 0: MAX_ATTEMPTS */

  /* One attempt: its message, the answer so far, and a cancellable that the
   * task's cancels and the deadline cuts. */
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *answer;
  GCancellable   *attempt_cancellable;
  gulong          cancelled_id;
  guint           deadline_id;
  gboolean        timed_out;
} Request;

static void request_send (GTask *task);

/* Ends an attempt's resources (not the task); @cancellable is the task's,
 * NULL once the task is gone (nothing is connected to it then). */
static void
request_end_attempt (Request      *request,
                     GCancellable *cancellable)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, request->cancelled_id);
  request->cancelled_id = 0;
  g_clear_object (&request->attempt_cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->answer, g_byte_array_unref);
}

static void
request_free (Request *request)
{
  request_end_attempt (request, NULL);
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
sb_dashscope_client_finalize (GObject *object)
{
  SbDashscopeClient *self = SB_DASHSCOPE_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->workspace, g_free);

  G_OBJECT_CLASS (sb_dashscope_client_parent_class)->finalize (object);
}

static void
sb_dashscope_client_class_init (SbDashscopeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_dashscope_client_finalize;

  /**
   * SbDashscopeClient::retrying:
   * @cancellable: (nullable): the request's, which says whose it is
   * @error: why it failed this time
   * @seconds: until it is sent again
   *
   * A request is about to be sent again after a pause: whoever made it can
   * say so (a throttled create otherwise looks like a hang).
   */
  signals[SIGNAL_RETRYING] =
    g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_CANCELLABLE, G_TYPE_ERROR, G_TYPE_DOUBLE);
}

static void
sb_dashscope_client_init (SbDashscopeClient *self)
{
  self->answer_deadline_s = SB_ANSWER_DEADLINE_S;
  self->session = sb_http_session_new (60);
}

/**
 * sb_dashscope_client_new:
 * @base_url: e.g. "https://dashscope.aliyuncs.com/api/v1"
 * @api_key: the DashScope API key
 * @workspace: (nullable): sent as X-DashScope-WorkSpace when not empty
 */
SbDashscopeClient *
sb_dashscope_client_new (const char  *base_url,
                         const char  *api_key,
                         const char  *workspace,
                         GError     **error)
{
  g_autoptr(SbDashscopeClient) self = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (api_key == NULL || *api_key == '\0')
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_NO_API_KEY,
                           _("No DashScope API key is set"));
      return NULL;
    }
  /* A key goes into a header: a line break would end it (libsoup then
   * sends none, and the service answers "no key"). Keys are printable ASCII. */
  for (const char *c = api_key; *c != '\0'; c++)
    if ((guchar) *c <= ' ' || (guchar) *c >= 0x7f)
      {
        g_set_error_literal (error, SB_ERROR, SB_ERROR_NO_API_KEY,
                             _("The DashScope API key holds a space, a line break or another character no key has: "
                               "enter it again as the console shows it"));
        return NULL;
      }

  if (!sb_http_check_url (base_url, error))
    return NULL;

  trimmed = g_strdup (base_url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  self = g_object_new (SB_TYPE_DASHSCOPE_CLIENT, NULL);
  self->base_url = g_steal_pointer (&trimmed);
  self->base_uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  self->api_key = g_strdup (api_key);
  self->workspace = workspace != NULL && *workspace != '\0' ? g_strdup (workspace) : NULL;

  return g_steal_pointer (&self);
}

const char *
sb_dashscope_client_get_base_url (SbDashscopeClient *self)
{
  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (self), NULL);

  return self->base_url;
}

/* How long a whole API answer may take (SB_ANSWER_DEADLINE_S): shorter in
 * tests, longer on a very slow link. */
void
sb_dashscope_client_set_answer_deadline (SbDashscopeClient *self,
                                         guint              seconds)
{
  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->answer_deadline_s = seconds;
}

/* FALSE for the simulator or any other stand-in: the window says so. */
gboolean
sb_dashscope_client_is_official (SbDashscopeClient *self)
{
  const char *host;

  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (self), FALSE);

  host = g_uri_get_host (self->base_uri);
  return g_uri_get_port (self->base_uri) == -1 &&
         g_ascii_strcasecmp (g_uri_get_scheme (self->base_uri), "https") == 0 &&
         sb_region_from_host (host) != SB_REGION_CUSTOM;
}


static void
on_retry_slept (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!sb_http_sleep_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  request_send (task);
}

/* Takes @error; retries when the policy allows and attempts remain. */
static void
request_fail_or_retry (GTask       *task,
                       GError      *error,
                       gboolean     retryable,
                       SoupMessage *msg)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  double delay;

  if (!retryable || request->attempt >= (request->max_attempts != 0 ? request->max_attempts : MAX_ATTEMPTS))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  delay = sb_http_retry_delay (request->attempt, msg);
  g_debug ("%s %s: attempt %u failed (%s); retrying in %.1f s",
           request->method, request->path, request->attempt, error->message, delay);
  g_signal_emit (g_task_get_source_object (task), signals[SIGNAL_RETRYING], 0, cancellable, error, delay);
  g_error_free (error);

  sb_http_sleep_async (delay, cancellable, on_retry_slept, task);
}

static GError *
error_from_answer (SbDashscopeClient *self,
                   SoupMessage       *msg,
                   GBytes            *body)
{
  guint status = soup_message_get_status (msg);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *message;

  if (body != NULL)
    root = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  message = sb_json_get_string (object, "message");
  if (message == NULL)
    message = soup_message_get_reason_phrase (msg);

  /* Whatever of it echoes the key back is neither shown nor stored so. */
  return sb_error_new_service (status,
                               sb_json_get_string (object, "code"),
                               message,
                               sb_json_get_string (object, "request_id"),
                               self->api_key);
}

/* A failure before the whole body was written cannot have created a task. */
static void
on_wrote_body (SoupMessage *msg,
               Request     *request)
{
  request->body_written = TRUE;
}

/* The whole answer (or why there is none): the attempt is over. Takes
 * @error and @body. */
static void
handle_answer (GTask   *task,
               GBytes  *body_in,
               GError  *error_in)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_object_ref (request->msg);
  g_autoptr(GError) error = error_in;
  g_autoptr(GBytes) body = body_in;
  gpointer parsed;
  guint status;

  request_end_attempt (request, g_task_get_cancellable (task));

  if (body == NULL)
    {
      if (request->timed_out)
        {
          g_clear_error (&error);
          error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("no whole answer within %u s"),
                               ((SbDashscopeClient *) g_task_get_source_object (task))->answer_deadline_s);
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          g_task_return_new_error (task, SB_ERROR, request->policy == RETRY_CREATE ? SB_ERROR_UNCERTAIN : SB_ERROR_SERVER,
                                   _("DashScope’s answer could not be read: %s"), error->message);
          g_object_unref (task);
          return;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }

      if (request->policy == RETRY_CREATE && request->body_written)
        {
          /* The service may well have made the task: asking again could bill twice. */
          g_task_return_new_error (task, SB_ERROR, SB_ERROR_UNCERTAIN,
                                   _("The connection to DashScope broke after the request was sent (%s), "
                                     "so it is not known whether a task was created. Not retrying, "
                                     "to avoid paying twice."),
                                   error->message);
          g_object_unref (task);
          return;
        }

      request_fail_or_retry (task,
                             g_error_new (SB_ERROR, SB_ERROR_NETWORK, _("Could not reach %s: %s"),
                                          g_uri_get_host (soup_message_get_uri (msg)), error->message),
                             TRUE, NULL);
      return;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      GError *service_error = error_from_answer (g_task_get_source_object (task), msg, body);
      gboolean retryable;

      if (service_error->code == SB_ERROR_THROTTLED)
        retryable = TRUE;
      else if (request->policy == RETRY_IDEMPOTENT)
        retryable = service_error->code == SB_ERROR_SERVER;
      else
        retryable = FALSE;

      request_fail_or_retry (task, service_error, retryable, msg);
      return;
    }

  parsed = request->parse (g_task_get_source_object (task), body, &error);
  if (parsed == NULL)
    {
      if (request->policy == RETRY_CREATE)
        {
          g_task_return_new_error (task, SB_ERROR, SB_ERROR_UNCERTAIN,
                                   _("DashScope accepted the request but its answer could not be read (%s), "
                                     "so the task is unknown. Not retrying, to avoid paying twice."),
                                   error->message);
          g_object_unref (task);
          return;
        }

      request_fail_or_retry (task, g_steal_pointer (&error), TRUE, msg);
      return;
    }

  g_task_return_pointer (task, parsed, request->free_result);
  g_object_unref (task);
}

/* Reads the answer a chunk at a time, refusing more than an answer can be. */
static void
on_answer_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      handle_answer (task, NULL, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      handle_answer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->answer)), NULL);
      return;
    }

  if (request->answer->len + g_bytes_get_size (chunk) > SB_ANSWER_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size (SB_ANSWER_MAX_BYTES);

      handle_answer (task, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                              _("the answer is larger than %s"), limit));
      return;
    }

  g_byte_array_append (request->answer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, 8192, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, on_answer_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      handle_answer (task, NULL, error);
      return;
    }

  request->answer = g_byte_array_new ();
  g_input_stream_read_bytes_async (request->stream, 8192, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, on_answer_read, task);
}

/* The session's timeouts only see silence: a body dripped a byte at a time
 * never trips them. Each attempt has a deadline for its whole answer. */
static gboolean
on_deadline (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_task_cancelled (GCancellable *cancellable,
                   GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

static void
request_send (GTask *task)
{
  SbDashscopeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->base_url, request->path, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  request->attempt++;
  request->body_written = FALSE;

  msg = soup_message_new (request->method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT, _("“%s” is not a web address"), url);
      g_object_unref (task);
      return;
    }

  /* Built from the base URL, and no redirects: the key stays with its host. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (request->policy == RETRY_CREATE)
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);

  headers = soup_message_get_request_headers (msg);
  authorization = g_strconcat ("Bearer ", self->api_key, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));
  if (self->workspace != NULL)
    soup_message_headers_replace (headers, "X-DashScope-WorkSpace", self->workspace);
  if (request->policy == RETRY_CREATE)
    soup_message_headers_replace (headers, "X-DashScope-Async", "enable");
  if (request->oss_resolve)
    soup_message_headers_replace (headers, "X-DashScope-OssResourceResolve", "enable");
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", request->body);

  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), request);

  request->msg = g_object_ref (msg);
  request->timed_out = FALSE;
  request->attempt_cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task) != NULL)
    request->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task), G_CALLBACK (on_task_cancelled),
                                                   g_object_ref (request->attempt_cancellable), g_object_unref);
  request->deadline_id = g_timeout_add_seconds (self->answer_deadline_s, on_deadline, request);
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, on_sent, task);
}

static void
request_start (SbDashscopeClient   *self,
               Request             *request,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request_send (task);
}

static gpointer
parse_task (SbDashscopeClient  *self,
            GBytes             *body,
            GError            **error)
{
  return sb_task_new_from_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body), self->api_key, error);
}

void
sb_dashscope_client_create_task_async (SbDashscopeClient   *self,
                                       SbParams            *params,
                                       const char          *sketch_url,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;
  char *json;

  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));
  g_return_if_fail (SB_IS_PARAMS (params));
  g_return_if_fail (sketch_url != NULL);

  if (!sb_params_validate (params, &error))
    {
      g_task_report_error (self, callback, user_data, sb_dashscope_client_create_task_async,
                           g_steal_pointer (&error));
      return;
    }

  body = sb_params_build_request (params, sketch_url);
  json = sb_json_to_string (body);

  request = g_new0 (Request, 1);
  request->method = g_strdup ("POST");
  request->path = g_strdup ("/services/aigc/image2image/image-synthesis");
  request->body = g_bytes_new_take (json, strlen (json));
  request->parse = parse_task;
  request->free_result = g_object_unref;
  request->policy = RETRY_CREATE;
  /* As the vendor SDKs do for temporary-storage uploads. */
  request->oss_resolve = g_str_has_prefix (sketch_url, "oss://");

  request_start (self, request, sb_dashscope_client_create_task_async, cancellable, callback, user_data);
}

SbTask *
sb_dashscope_client_create_task_finish (SbDashscopeClient  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
task_path (const char *task_id,
           const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (task_id, NULL, FALSE);

  return g_strconcat ("/tasks/", escaped, suffix, NULL);
}

static void
query_task (SbDashscopeClient   *self,
            const char          *task_id,
            guint                max_attempts,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Request *request = g_new0 (Request, 1);

  request->max_attempts = max_attempts;
  request->method = g_strdup ("GET");
  request->path = task_path (task_id, "");
  request->parse = parse_task;
  request->free_result = g_object_unref;
  request->policy = RETRY_IDEMPOTENT;

  request_start (self, request, sb_dashscope_client_query_task_async, cancellable, callback, user_data);
}

void
sb_dashscope_client_query_task_async (SbDashscopeClient   *self,
                                      const char          *task_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));
  g_return_if_fail (task_id != NULL);

  query_task (self, task_id, MAX_ATTEMPTS, cancellable, callback, user_data);
}

SbTask *
sb_dashscope_client_query_task_finish (SbDashscopeClient  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_cancel (SbDashscopeClient  *self,
              GBytes             *body,
              GError            **error)
{
  /* Any JSON object will do: the answer carries only a request_id. */
  g_autoptr(JsonNode) root = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_MALFORMED,
                           _("DashScope sent an answer this app does not understand: the cancel answer is not a JSON object"));
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

/* Only a PENDING task can be cancelled; others fail with SB_ERROR_NOT_CANCELLABLE. */
void
sb_dashscope_client_cancel_task_async (SbDashscopeClient   *self,
                                       const char          *task_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Request *request;

  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));
  g_return_if_fail (task_id != NULL);

  request = g_new0 (Request, 1);
  request->method = g_strdup ("POST");
  request->path = task_path (task_id, "/cancel");
  request->parse = parse_cancel;
  request->policy = RETRY_IDEMPOTENT;

  request_start (self, request, sb_dashscope_client_cancel_task_async, cancellable, callback, user_data);
}

gboolean
sb_dashscope_client_cancel_task_finish (SbDashscopeClient  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (g_task_propagate_pointer (G_TASK (result), &local_error) != NULL)
    return TRUE;

  /* The service refuses to cancel a task that is no longer PENDING. */
  if (local_error->domain == SB_ERROR &&
      (local_error->code == SB_ERROR_REFUSED || local_error->code == SB_ERROR_INVALID_PARAMETER))
    {
      GError *refused = g_error_copy (local_error);

      refused->code = SB_ERROR_NOT_CANCELLABLE;
      g_free (refused->message);
      refused->message = g_strdup_printf (_("The task can no longer be cancelled: it has started (%s)"),
                                          local_error->message);
      g_propagate_error (error, refused);
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Temporary storage: the upload policy, from the API host with the key. */

void
sb_upload_policy_free (SbUploadPolicy *policy)
{
  g_free (policy->policy);
  g_free (policy->signature);
  g_free (policy->upload_dir);
  g_free (policy->upload_host);
  g_free (policy->oss_access_key_id);
  g_free (policy->object_acl);
  g_free (policy->forbid_overwrite);
  g_free (policy);
}

static gpointer
parse_policy (SbDashscopeClient  *self,
              GBytes             *body,
              GError            **error)
{
  g_autoptr(JsonNode) root = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  JsonObject *data = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? sb_json_get_object (json_node_get_object (root), "data") : NULL;
  g_autoptr(SbUploadPolicy) policy = g_new0 (SbUploadPolicy, 1);
  gint64 seconds = 300;

  policy->policy = g_strdup (sb_json_get_string (data, "policy"));
  policy->signature = g_strdup (sb_json_get_string (data, "signature"));
  policy->upload_dir = g_strdup (sb_json_get_string (data, "upload_dir"));
  policy->upload_host = g_strdup (sb_json_get_string (data, "upload_host"));
  policy->oss_access_key_id = g_strdup (sb_json_get_string (data, "oss_access_key_id"));
  policy->object_acl = g_strdup (sb_json_get_string (data, "x_oss_object_acl"));
  policy->forbid_overwrite = g_strdup (sb_json_get_string (data, "x_oss_forbid_overwrite"));
  sb_json_get_int (data, "expire_in_seconds", &seconds);
  policy->expires_at = g_get_monotonic_time () + CLAMP (seconds, 0, 24 * 3600) * G_USEC_PER_SEC;

  if (policy->policy == NULL || policy->signature == NULL || policy->upload_dir == NULL ||
      policy->upload_host == NULL || policy->oss_access_key_id == NULL ||
      policy->object_acl == NULL || policy->forbid_overwrite == NULL ||
      !sb_http_check_url (policy->upload_host, NULL))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_MALFORMED,
                           _("DashScope sent an answer this app does not understand: the upload policy is incomplete"));
      return NULL;
    }
  /* Its fields go to the storage host with the sketch: never the key. */
  if (strstr (policy->policy, self->api_key) != NULL || strstr (policy->signature, self->api_key) != NULL ||
      strstr (policy->upload_dir, self->api_key) != NULL || strstr (policy->upload_host, self->api_key) != NULL ||
      strstr (policy->oss_access_key_id, self->api_key) != NULL || strstr (policy->object_acl, self->api_key) != NULL ||
      strstr (policy->forbid_overwrite, self->api_key) != NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_MALFORMED,
                           _("DashScope sent an answer this app does not understand: the upload policy repeats the API key"));
      return NULL;
    }

  return g_steal_pointer (&policy);
}

void
sb_dashscope_client_get_upload_policy_async (SbDashscopeClient   *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  Request *request;

  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));

  request = g_new0 (Request, 1);
  request->method = g_strdup ("GET");
  /* The policy is per model: the one engine that takes an uploaded sketch. */
  request->path = g_strconcat ("/uploads?action=getPolicy&model=", sb_engine_sketch_lite.model, NULL);
  request->parse = parse_policy;
  request->free_result = (GDestroyNotify) sb_upload_policy_free;
  request->policy = RETRY_IDEMPOTENT;

  request_start (self, request, sb_dashscope_client_get_upload_policy_async, cancellable, callback, user_data);
}

SbUploadPolicy *
sb_dashscope_client_get_upload_policy_finish (SbDashscopeClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Temporary storage serves the mainland (Beijing) region's keys only. */
gboolean
sb_dashscope_client_is_international (SbDashscopeClient *self)
{
  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (self), FALSE);

  return sb_dashscope_client_get_region (self) == SB_REGION_INTERNATIONAL;
}

/* The region whose address this client speaks to; custom for any other. */
SbRegion
sb_dashscope_client_get_region (SbDashscopeClient *self)
{
  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (self), SB_REGION_CUSTOM);

  return sb_region_from_host (g_uri_get_host (self->base_uri));
}

/* Waiting for a task: polls on the learned schedule until a final state. */

typedef struct {
  SbTask         *task;
  SbPollSchedule *schedule;
  gint64          created_at;   /* g_get_real_time() when the task was created */
  guint           outage;       /* polls in a row that got no answer */
} Wait;

static void wait_poll (GTask *gtask);

static void
wait_free (Wait *wait)
{
  g_clear_object (&wait->task);
  g_clear_object (&wait->schedule);
  g_free (wait);
}

static double
wait_elapsed (Wait *wait)
{
  return (g_get_real_time () - wait->created_at) / (double) G_USEC_PER_SEC;
}

/* Past the task's 24 hours the service has forgotten it, whatever it said
 * last: no poll can give its pictures. */
static gboolean
wait_is_past_lifetime (Wait *wait)
{
  return g_get_real_time () - wait->created_at >= SB_TASK_LIFETIME_US;
}

/* Takes @error; NULL for a task past its lifetime. */
static void
wait_return_error (GTask  *gtask,
                   GError *error)
{
  Wait *wait = g_task_get_task_data (gtask);

  if (error == NULL || (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && wait_is_past_lifetime (wait)))
    {
      g_clear_error (&error);
      error = g_error_new_literal (SB_ERROR, SB_ERROR_TASK_UNKNOWN,
                                   _("The task is older than DashScope keeps tasks (24 hours): its pictures can no longer be fetched"));
    }
  g_task_return_error (gtask, error);
  g_object_unref (gtask);
}

static void
on_wait_slept (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *gtask = user_data;
  GError *error = NULL;

  if (!sb_http_sleep_finish (result, &error))
    {
      g_task_return_error (gtask, error);
      g_object_unref (gtask);
      return;
    }

  wait_poll (gtask);
}

static void
wait_schedule (GTask *gtask)
{
  Wait *wait = g_task_get_task_data (gtask);
  double elapsed = wait_elapsed (wait);
  double delay = sb_poll_schedule_next_poll (wait->schedule, elapsed) - elapsed;

  sb_http_sleep_async (MAX (delay, SB_POLL_MIN_INTERVAL), g_task_get_cancellable (gtask), on_wait_slept, gtask);
}

static void
on_wait_queried (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *gtask = user_data;
  Wait *wait = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) answer = NULL;
  SbTaskStatus status;

  answer = sb_dashscope_client_query_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error);
  if (answer == NULL && sb_error_is_transient (error) && !wait_is_past_lifetime (wait))
    {
      /* The task goes on at the service whatever the network does: it is
       * paid for, so it is asked about again, later and later. */
      double delay = MIN (SB_OUTAGE_FIRST_DELAY_S * (1 << MIN (wait->outage, 8)), SB_OUTAGE_MAX_DELAY_S);

      wait->outage++;
      sb_task_set_problem (wait->task, error->message);
      g_debug ("task %s: no answer (%s); asking again in %.0f s", sb_task_get_id (wait->task), error->message, delay);
      sb_http_sleep_async (delay, g_task_get_cancellable (gtask), on_wait_slept, gtask);
      return;
    }
  if (answer == NULL)
    {
      wait_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  wait->outage = 0;
  sb_task_set_problem (wait->task, NULL);

  /* An answer about some other task says nothing of ours: asking again
   * would go on for ever. */
  if (g_strcmp0 (sb_task_get_id (answer), sb_task_get_id (wait->task)) != 0)
    {
      g_task_return_new_error (gtask, SB_ERROR, SB_ERROR_MALFORMED,
                               _("DashScope answered about task %s when asked about %s"),
                               sb_task_get_id (answer), sb_task_get_id (wait->task));
      g_object_unref (gtask);
      return;
    }

  sb_task_update (wait->task, answer);
  status = sb_task_get_status (wait->task);

  if (!sb_task_status_is_final (status) && wait_is_past_lifetime (wait))
    {
      wait_return_error (gtask, NULL);
      return;
    }
  if (!sb_task_status_is_final (status))
    {
      wait_schedule (gtask);
      return;
    }

  /* Learn from how long the service took, by its own clock when it says. */
  if (status == SB_TASK_STATUS_SUCCEEDED || status == SB_TASK_STATUS_FAILED)
    {
      double seconds = sb_task_get_service_seconds (wait->task);

      sb_poll_schedule_observe (wait->schedule, seconds >= 0 ? seconds : wait_elapsed (wait));
    }

  g_task_return_boolean (gtask, TRUE);
  g_object_unref (gtask);
}

static void
wait_poll (GTask *gtask)
{
  Wait *wait = g_task_get_task_data (gtask);

  /* Two tries a poll: the wait's own schedule asks again after that, and
   * says why (an outage) instead of going quiet for a minute of retries. */
  query_task (g_task_get_source_object (gtask), sb_task_get_id (wait->task), 2,
              g_task_get_cancellable (gtask), on_wait_queried, gtask);
}

/**
 * sb_dashscope_client_wait_task_async:
 * @task: updated in place (its status notifies) until it reaches a final state
 * @created_at: g_get_real_time() when the task was created, so a resumed wait
 *   continues the schedule where it was
 * @schedule: learns from the task when it ends
 *
 * Finishes TRUE once @task is final, whatever the state: the caller reads it.
 */
void
sb_dashscope_client_wait_task_async (SbDashscopeClient   *self,
                                     SbTask              *task,
                                     gint64               created_at,
                                     SbPollSchedule      *schedule,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *gtask;
  Wait *wait;

  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));
  g_return_if_fail (SB_IS_TASK (task));
  g_return_if_fail (SB_IS_POLL_SCHEDULE (schedule));

  wait = g_new0 (Wait, 1);
  wait->task = g_object_ref (task);
  wait->schedule = g_object_ref (schedule);
  wait->created_at = created_at;

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, sb_dashscope_client_wait_task_async);
  g_task_set_task_data (gtask, wait, (GDestroyNotify) wait_free);

  if (sb_task_status_is_final (sb_task_get_status (task)))
    {
      g_task_return_boolean (gtask, TRUE);
      g_object_unref (gtask);
      return;
    }

  wait_schedule (gtask);
}

gboolean
sb_dashscope_client_wait_task_finish (SbDashscopeClient  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Downloads: the result's own module; the client lends its session. */

void
sb_dashscope_client_download_async (SbDashscopeClient   *self,
                                    const char          *url,
                                    GFile               *directory,
                                    const char          *basename,
                                    const char * const  *png_text,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (self));

  sb_result_download_async (self->session, url, directory, basename, png_text, cancellable, callback, user_data);
}

GFile *
sb_dashscope_client_download_finish (SbDashscopeClient  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  return sb_result_download_finish (result, error);
}
