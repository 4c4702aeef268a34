/* sb-task.c: one remote task and its results, as the service reports them
 *
 * sb_task_new_from_json() is the only reader of task answers: it checks every
 * member's type, tolerates missing optional members and ignores unknown ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-task"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sb-enums.h"

#include "sb-error.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-task.h"

struct _SbTask
{
  GObject       parent_instance;

  char         *task_id;
  char         *request_id;
  char         *code;
  char         *message;
  char         *submit_time;
  char         *end_time;
  char         *problem;   /* why the last poll got no answer, or NULL */
  GPtrArray    *results;   /* of SbTaskResult */
  SbTaskStatus  status;
  int           total;
  int           succeeded;
  int           failed;
  int           image_count;
};

G_DEFINE_FINAL_TYPE (SbTask, sb_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TASK_ID,
  PROP_STATUS,
  PROP_REQUEST_ID,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *status_names[] = {
  [SB_TASK_STATUS_PENDING] = "PENDING",
  [SB_TASK_STATUS_RUNNING] = "RUNNING",
  [SB_TASK_STATUS_SUSPENDED] = "SUSPENDED",
  [SB_TASK_STATUS_SUCCEEDED] = "SUCCEEDED",
  [SB_TASK_STATUS_FAILED] = "FAILED",
  [SB_TASK_STATUS_UNKNOWN] = "UNKNOWN",
  /* Not in the model's reference, but the vendor SDKs know it. */
  [SB_TASK_STATUS_CANCELED] = "CANCELED",
};

static void
sb_task_result_free (SbTaskResult *result)
{
  g_free (result->url);
  g_free (result->code);
  g_free (result->message);
  g_free (result);
}

static SbTaskResult *
sb_task_result_copy (const SbTaskResult *result,
                     gpointer            user_data)
{
  SbTaskResult *copy = g_new0 (SbTaskResult, 1);

  copy->url = g_strdup (result->url);
  copy->code = g_strdup (result->code);
  copy->message = g_strdup (result->message);

  return copy;
}

const char *
sb_task_status_to_string (SbTaskStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

gboolean
sb_task_status_from_string (const char   *text,
                            SbTaskStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_str_equal (text, status_names[i]))
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Only these end a task; SUSPENDED may still resume. */
gboolean
sb_task_status_is_final (SbTaskStatus status)
{
  return status == SB_TASK_STATUS_SUCCEEDED ||
         status == SB_TASK_STATUS_FAILED ||
         status == SB_TASK_STATUS_UNKNOWN ||
         status == SB_TASK_STATUS_CANCELED;
}

static void
sb_task_finalize (GObject *object)
{
  SbTask *self = SB_TASK (object);

  g_clear_pointer (&self->task_id, g_free);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->submit_time, g_free);
  g_clear_pointer (&self->end_time, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_task_parent_class)->finalize (object);
}

static void
sb_task_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SbTask *self = SB_TASK (object);

  switch (prop_id)
    {
    case PROP_TASK_ID:
      g_value_set_string (value, self->task_id);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_task_class_init (SbTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_task_finalize;
  object_class->get_property = sb_task_get_property;

  properties[PROP_TASK_ID] =
    g_param_spec_string ("task-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SB_TYPE_TASK_STATUS, SB_TASK_STATUS_PENDING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REQUEST_ID] =
    g_param_spec_string ("request-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * SbTask:problem:
   *
   * Why the service could not be asked about the task just now (an outage,
   * a timeout), or NULL once it answers. The task goes on regardless.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_task_init (SbTask *self)
{
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_task_result_free);
  self->total = self->succeeded = self->failed = -1;
  self->image_count = -1;
}

/* A task known only by its id, as after a restart: PENDING until asked. */
SbTask *
sb_task_new (const char *task_id)
{
  SbTask *self;

  g_return_val_if_fail (task_id != NULL, NULL);

  self = g_object_new (SB_TYPE_TASK, NULL);
  self->task_id = g_strdup (task_id);

  return self;
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, SB_ERROR, SB_ERROR_MALFORMED,
               _("DashScope sent an answer this app does not understand: %s"), what);
  return FALSE;
}

static gboolean
read_results (SbTask      *self,
              JsonObject  *output,
              const char  *secret,
              GError     **error)
{
  JsonNode *node = json_object_get_member (output, "results");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, "output.results is not an array");

  array = json_node_get_array (node);
  /* A task makes at most SB_IMAGE_COUNT_MAX pictures; 500 "results" are not
   * an answer to trust, nor 500 files to write. */
  if (json_array_get_length (array) > SB_IMAGE_COUNT_MAX)
    return malformed (error, "more output.results than a task makes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      SbTaskResult *result = g_new0 (SbTaskResult, 1);

      result->url = g_strdup (sb_json_get_string (object, "url"));
      if (result->url != NULL && secret != NULL && *secret != '\0' && strstr (result->url, secret) != NULL)
        {
          /* Fetching it would hand the key to the result host. */
          g_clear_pointer (&result->url, g_free);
          result->code = g_strdup ("InvalidResult");
          result->message = g_strdup (_("The picture’s address repeats the API key: it is not fetched"));
        }
      else if (result->url == NULL)
        {
          const char *code = sb_json_get_string (object, "code");

          /* A slot with neither a URL nor a code is still a failed image. */
          result->code = sb_error_clean_text (code != NULL ? code : "InvalidResult", secret);
          result->message = sb_error_clean_text (sb_json_get_string (object, "message"), secret);
        }

      g_ptr_array_add (self->results, result);
    }

  return TRUE;
}

static void
read_metrics (SbTask     *self,
              JsonObject *root,
              JsonObject *output)
{
  JsonObject *metrics = sb_json_get_object (output, "task_metrics");
  JsonObject *usage = sb_json_get_object (root, "usage");
  gint64 value;

  if (sb_json_get_int (metrics, "TOTAL", &value))
    self->total = CLAMP (value, 0, G_MAXINT);
  if (sb_json_get_int (metrics, "SUCCEEDED", &value))
    self->succeeded = CLAMP (value, 0, G_MAXINT);
  if (sb_json_get_int (metrics, "FAILED", &value))
    self->failed = CLAMP (value, 0, G_MAXINT);
  if (sb_json_get_int (usage, "image_count", &value))
    self->image_count = CLAMP (value, 0, G_MAXINT);
}

/**
 * sb_task_new_from_json:
 * @secret: (nullable): the API key: replaced wherever the answer echoes it
 *
 * Reads a create or query answer (HTTP 200). Fails with SB_ERROR_MALFORMED
 * unless it is a JSON object whose output has a task_id that is an id
 * (sb_error_is_safe_id()) and a known task_status. Every text it keeps is
 * cleaned (sb_error_clean_text()) here, before anyone shows or stores it.
 */
SbTask *
sb_task_new_from_json (const char  *data,
                       gssize       length,
                       const char  *secret,
                       GError     **error)
{
  g_autofree char *clean_id = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SbTask) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *object;
  JsonObject *output;
  const char *task_id;
  const char *status;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = sb_json_parse (data, length, &parse_error);
  if (root == NULL)
    {
      malformed (error, parse_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, "the answer is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  output = sb_json_get_object (object, "output");
  task_id = sb_json_get_string (output, "task_id");
  status = sb_json_get_string (output, "task_status");

  if (output == NULL)
    {
      malformed (error, "no output object");
      return NULL;
    }
  if (task_id == NULL || *task_id == '\0')
    {
      malformed (error, "no output.task_id");
      return NULL;
    }
  /* Printed, stored, put in a file name and an address: an id, or nothing. */
  clean_id = sb_error_clean_text (task_id, secret);
  if (!sb_error_is_safe_id (clean_id))
    {
      malformed (error, "output.task_id is not a task id");
      return NULL;
    }

  self = sb_task_new (clean_id);
  if (!sb_task_status_from_string (status, &self->status))
    {
      malformed (error, "no known output.task_status");
      return NULL;
    }

  self->request_id = sb_error_clean_id (sb_json_get_string (object, "request_id"), secret);
  self->code = sb_error_clean_text (sb_json_get_string (output, "code"), secret);
  self->message = sb_error_clean_text (sb_json_get_string (output, "message"), secret);
  self->submit_time = sb_error_clean_text (sb_json_get_string (output, "submit_time"), secret);
  self->end_time = sb_error_clean_text (sb_json_get_string (output, "end_time"), secret);

  if (!read_results (self, output, secret, error))
    return NULL;
  read_metrics (self, object, output);

  return g_steal_pointer (&self);
}

const char *
sb_task_get_id (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->task_id;
}

SbTaskStatus
sb_task_get_status (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), SB_TASK_STATUS_UNKNOWN);

  return self->status;
}

/* Returns: (nullable): why the last poll got no answer */
const char *
sb_task_get_problem (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->problem;
}

void
sb_task_set_problem (SbTask     *self,
                     const char *problem)
{
  g_return_if_fail (SB_IS_TASK (self));

  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

const char *
sb_task_get_request_id (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->request_id;
}

const char *
sb_task_get_code (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->code;
}

const char *
sb_task_get_message (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->message;
}

/* Returns: (transfer none) (element-type SbTaskResult) */
GPtrArray *
sb_task_get_results (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  return self->results;
}

/* FALSE when the answer had no task_metrics. */
gboolean
sb_task_get_metrics (SbTask *self,
                     int    *total,
                     int    *succeeded,
                     int    *failed)
{
  g_return_val_if_fail (SB_IS_TASK (self), FALSE);

  *total = self->total;
  *succeeded = self->succeeded;
  *failed = self->failed;

  return self->total >= 0;
}

/* usage.image_count (the billed images), or -1 when absent. */
int
sb_task_get_image_count (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), -1);

  return self->image_count;
}

static GDateTime *
parse_service_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = NULL;

  if (text == NULL)
    return NULL;

  /* "2024-11-01 09:50:56.081": both times share the service's zone. */
  iso = g_strdelimit (g_strdup (text), " ", 'T');
  return g_date_time_new_from_iso8601 (iso, utc);
}

/* How long the service took, from its own submit_time and end_time, or -1. */
double
sb_task_get_service_seconds (SbTask *self)
{
  g_autoptr(GDateTime) submitted = NULL;
  g_autoptr(GDateTime) ended = NULL;
  GTimeSpan span;

  g_return_val_if_fail (SB_IS_TASK (self), -1);

  submitted = parse_service_time (self->submit_time);
  ended = parse_service_time (self->end_time);
  if (submitted == NULL || ended == NULL)
    return -1;

  span = g_date_time_difference (ended, submitted);
  return span >= 0 ? span / (double) G_TIME_SPAN_SECOND : -1;
}

/* Takes everything a newer answer about the same task says. */
void
sb_task_update (SbTask *self,
                SbTask *newer)
{
  gboolean status_changed;

  g_return_if_fail (SB_IS_TASK (self));
  g_return_if_fail (SB_IS_TASK (newer));
  g_return_if_fail (g_str_equal (self->task_id, newer->task_id));

  status_changed = self->status != newer->status;
  self->status = newer->status;

#define TAKE(field) G_STMT_START { g_free (self->field); self->field = g_strdup (newer->field); } G_STMT_END
  TAKE (code);
  TAKE (message);
  TAKE (submit_time);
  TAKE (end_time);
  if (newer->request_id != NULL)
    TAKE (request_id);
#undef TAKE

  g_ptr_array_set_size (self->results, 0);
  g_ptr_array_extend (self->results, newer->results, (GCopyFunc) sb_task_result_copy, NULL);
  self->total = newer->total;
  self->succeeded = newer->succeeded;
  self->failed = newer->failed;
  self->image_count = newer->image_count;

  if (status_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);
}

/* The error a final task without images stands for, or NULL. */
GError *
sb_task_to_error (SbTask *self)
{
  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  switch (self->status)
    {
    case SB_TASK_STATUS_FAILED:
      return sb_error_new_task_failed (self->code, self->message, self->request_id);

    case SB_TASK_STATUS_UNKNOWN:
      return g_error_new (SB_ERROR, SB_ERROR_TASK_UNKNOWN,
                          _("DashScope does not know task %s: it never existed or is older than 24 hours"),
                          self->task_id);

    case SB_TASK_STATUS_CANCELED:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The task was cancelled"));

    case SB_TASK_STATUS_SUCCEEDED:
    case SB_TASK_STATUS_PENDING:
    case SB_TASK_STATUS_RUNNING:
    case SB_TASK_STATUS_SUSPENDED:
    default:
      return NULL;
    }
}

/* Returns: (transfer full): the task as JSON, in the service's own words
 * (task_id, task_status, request_id, code, message, results, task_metrics) */
char *
sb_task_to_json (SbTask *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  int total, succeeded, failed;

  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, self->task_id);
  json_builder_set_member_name (builder, "task_status");
  json_builder_add_string_value (builder, sb_task_status_to_string (self->status));
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, self->request_id);
  if (self->code != NULL)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, self->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, self->message);
    }
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (self->results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, result->url != NULL ? "url" : "code");
      json_builder_add_string_value (builder, result->url != NULL ? result->url : result->code);
      if (result->url == NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, result->message);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (sb_task_get_metrics (self, &total, &succeeded, &failed))
    {
      json_builder_set_member_name (builder, "task_metrics");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "TOTAL");
      json_builder_add_int_value (builder, total);
      json_builder_set_member_name (builder, "SUCCEEDED");
      json_builder_add_int_value (builder, succeeded);
      json_builder_set_member_name (builder, "FAILED");
      json_builder_add_int_value (builder, failed);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

/* Returns: (transfer full): "ID STATUS", the code and message if any, then
 * one line per result: "N URL" or "N CODE: message" */
char *
sb_task_to_text (SbTask *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SB_IS_TASK (self), NULL);

  g_string_append_printf (text, "%s %s\n", self->task_id, sb_task_status_to_string (self->status));
  if (self->code != NULL)
    g_string_append_printf (text, "%s: %s\n", self->code, self->message);
  for (guint i = 0; i < self->results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (self->results, i);

      if (result->url != NULL)
        g_string_append_printf (text, "%u %s\n", i + 1, result->url);
      else
        g_string_append_printf (text, "%u %s: %s\n", i + 1, result->code, result->message != NULL ? result->message : "");
    }
  return g_string_free (text, FALSE);
}
