/* test-task.c: every answer shape in the reference, verbatim, and hostile ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sb-error.h"
#include "sb-limits.h"
#include "sb-task.h"

/* From ../shared/reference/dashscope-sketch-api.md, as printed there. */
static const char create_ok[] =
  "{\"output\": {\"task_status\": \"PENDING\", \"task_id\": \"0385dc79-a1b2\"}, \"request_id\": \"4909100c-a1b2\"}";

static const char query_succeeded[] =
  "{\n"
  "  \"request_id\": \"85eaba38-a1b2\",\n"
  "  \"output\": {\n"
  "    \"task_id\": \"86ecf553-a1b2\",\n"
  "    \"task_status\": \"SUCCEEDED\",\n"
  "    \"results\": [{\"url\": \"https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/123/a1.png\"},\n"
  "                {\"url\": \"https://…/b2.png\"}],\n"
  "    \"submit_time\": \"2024-11-01 09:50:56.081\",\n"
  "    \"scheduled_time\": \"2024-11-01 09:50:56.104\",\n"
  "    \"end_time\": \"2024-11-01 09:51:22.740\",\n"
  "    \"task_metrics\": {\"TOTAL\": 2, \"SUCCEEDED\": 2, \"FAILED\": 0}\n"
  "  },\n"
  "  \"usage\": {\"image_count\": 2}\n"
  "}";

static const char query_failed[] =
  "{\"request_id\": \"e5d70b02-a1b2\",\n"
  " \"output\": {\"task_id\": \"86ecf553-a1b2\", \"task_status\": \"FAILED\",\n"
  "            \"code\": \"InvalidParameter\",\n"
  "            \"message\": \"The size is not match the allowed size ['1024*1024', '720*1280', '1280*720']\",\n"
  "            \"task_metrics\": {\"TOTAL\": 4, \"SUCCEEDED\": 0, \"FAILED\": 4}}}";

static const char query_partial[] =
  "{\"request_id\": \"r-1\", \"output\": {\"task_id\": \"t-1\", \"task_status\": \"SUCCEEDED\","
  " \"results\": [{\"url\": \"https://x/1.png\"}, {\"code\": \"InternalError.Timeout\", \"message\": \"timed out\"}],"
  " \"task_metrics\": {\"TOTAL\": 2, \"SUCCEEDED\": 1, \"FAILED\": 1}}, \"usage\": {\"image_count\": 1}}";

static void
test_task_create_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (create_ok, -1, NULL, &error);
  int total, succeeded, failed;

  g_assert_no_error (error);
  g_assert_cmpstr (sb_task_get_id (task), ==, "0385dc79-a1b2");
  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_PENDING);
  g_assert_cmpstr (sb_task_get_request_id (task), ==, "4909100c-a1b2");
  g_assert_cmpuint (sb_task_get_results (task)->len, ==, 0);
  g_assert_false (sb_task_get_metrics (task, &total, &succeeded, &failed));
  g_assert_cmpint (sb_task_get_image_count (task), ==, -1);
  g_assert_false (sb_task_status_is_final (sb_task_get_status (task)));
  g_assert_null (sb_task_to_error (task));
}

static void
test_task_succeeded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (query_succeeded, -1, NULL, &error);
  GPtrArray *results;
  SbTaskResult *result;
  int total, succeeded, failed;

  g_assert_no_error (error);
  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_true (sb_task_status_is_final (sb_task_get_status (task)));
  results = sb_task_get_results (task);
  g_assert_cmpuint (results->len, ==, 2);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->url, ==, "https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/123/a1.png");
  g_assert_null (result->code);
  g_assert_true (sb_task_get_metrics (task, &total, &succeeded, &failed));
  g_assert_cmpint (total, ==, 2);
  g_assert_cmpint (succeeded, ==, 2);
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpint (sb_task_get_image_count (task), ==, 2);
  g_assert_cmpfloat_with_epsilon (sb_task_get_service_seconds (task), 26.659, 0.001);
  g_assert_null (sb_task_to_error (task));
}

static void
test_task_failed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) task_error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (query_failed, -1, NULL, &error);
  g_autofree char *details = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_FAILED);
  g_assert_cmpstr (sb_task_get_code (task), ==, "InvalidParameter");

  task_error = sb_task_to_error (task);
  g_assert_error (task_error, SB_ERROR, SB_ERROR_TASK_FAILED);
  g_assert_cmpstr (sb_error_get_service_code (task_error), ==, "InvalidParameter");
  g_assert_cmpstr (sb_error_get_request_id (task_error), ==, "e5d70b02-a1b2");
  details = sb_error_format_details (task_error);
  g_assert_cmpstr (details, ==,
                   "InvalidParameter: The size is not match the allowed size ['1024*1024', '720*1280', '1280*720'] "
                   "(request_id: e5d70b02-a1b2)");
  /* What the artist reads: our words; the vendor's (typo and all) only in
   * the details above. */
  g_assert_cmpstr (task_error->message, ==, "The task failed: DashScope refused a parameter");
}

static void
test_task_partial (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (query_partial, -1, NULL, &error);
  SbTaskResult *failed;

  g_assert_no_error (error);
  g_assert_cmpuint (sb_task_get_results (task)->len, ==, 2);
  failed = g_ptr_array_index (sb_task_get_results (task), 1);
  g_assert_null (failed->url);
  g_assert_cmpstr (failed->code, ==, "InternalError.Timeout");
  g_assert_cmpstr (failed->message, ==, "timed out");
  g_assert_cmpint (sb_task_get_image_count (task), ==, 1);
}

static void
test_task_all_states (void)
{
  static const struct { const char *name; SbTaskStatus status; gboolean final; } states[] = {
    { "PENDING", SB_TASK_STATUS_PENDING, FALSE },
    { "RUNNING", SB_TASK_STATUS_RUNNING, FALSE },
    { "SUSPENDED", SB_TASK_STATUS_SUSPENDED, FALSE },
    { "SUCCEEDED", SB_TASK_STATUS_SUCCEEDED, TRUE },
    { "FAILED", SB_TASK_STATUS_FAILED, TRUE },
    { "UNKNOWN", SB_TASK_STATUS_UNKNOWN, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"output\":{\"task_id\":\"t\",\"task_status\":\"%s\"}}", states[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTask) task = sb_task_new_from_json (json, -1, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (sb_task_get_status (task), ==, states[i].status);
      g_assert_cmpint (sb_task_status_is_final (states[i].status), ==, states[i].final);
      g_assert_cmpstr (sb_task_status_to_string (states[i].status), ==, states[i].name);
    }

  {
    g_autoptr(SbTask) unknown = sb_task_new_from_json ("{\"output\":{\"task_id\":\"t\",\"task_status\":\"UNKNOWN\"}}", -1, NULL, NULL);
    g_autoptr(GError) error = sb_task_to_error (unknown);

    g_assert_error (error, SB_ERROR, SB_ERROR_TASK_UNKNOWN);
  }
}

/* Extra members are ignored; optional ones may be missing or null. */
static void
test_task_tolerant (void)
{
  static const char json[] =
    "{\"output\":{\"task_id\":\"t\",\"task_status\":\"SUCCEEDED\",\"extra\":[1,2],"
    "\"results\":[{\"url\":\"https://x/1.png\",\"orig_prompt\":\"p\"},{}],\"task_metrics\":null,"
    "\"submit_time\":\"garbage\"},\"usage\":{\"image_count\":\"2\"},\"request_id\":7,\"new_top\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (json, -1, NULL, &error);
  SbTaskResult *empty;
  int total, succeeded, failed;

  g_assert_no_error (error);
  g_assert_cmpuint (sb_task_get_results (task)->len, ==, 2);
  empty = g_ptr_array_index (sb_task_get_results (task), 1);
  g_assert_null (empty->url);
  g_assert_cmpstr (empty->code, ==, "InvalidResult");
  g_assert_false (sb_task_get_metrics (task, &total, &succeeded, &failed));
  g_assert_cmpint (sb_task_get_image_count (task), ==, -1);   /* a string is not a count */
  g_assert_null (sb_task_get_request_id (task));              /* a number is not an id */
  g_assert_cmpfloat (sb_task_get_service_seconds (task), ==, -1);
}

static void
test_task_malformed (void)
{
  static const char *bad[] = {
    "",
    "null",
    "[]",
    "\"PENDING\"",
    "{",
    "{}",
    "{\"output\":null}",
    "{\"output\":[]}",
    "{\"output\":{\"task_status\":\"PENDING\"}}",
    "{\"output\":{\"task_id\":\"\",\"task_status\":\"PENDING\"}}",
    "{\"output\":{\"task_id\":42,\"task_status\":\"PENDING\"}}",
    "{\"output\":{\"task_id\":\"t\"}}",
    "{\"output\":{\"task_id\":\"t\",\"task_status\":\"pending\"}}",
    "{\"output\":{\"task_id\":\"t\",\"task_status\":\"DONE\"}}",
    "{\"output\":{\"task_id\":\"t\",\"task_status\":1}}",
    "{\"output\":{\"task_id\":\"t\",\"task_status\":\"SUCCEEDED\",\"results\":{\"url\":\"x\"}}}",
    "<html><body>502 Bad Gateway</body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTask) task = sb_task_new_from_json (bad[i], -1, NULL, &error);

      if (task != NULL)
        g_error ("accepted: %s", bad[i]);
      g_assert_error (error, SB_ERROR, SB_ERROR_MALFORMED);
    }

  /* 500 results for a task that makes at most 4: not trusted, nor saved. */
  {
    g_autoptr(GString) answer = g_string_new ("{\"output\":{\"task_id\":\"t\",\"task_status\":\"SUCCEEDED\",\"results\":[");
    g_autoptr(GError) error = NULL;
    g_autoptr(SbTask) task = NULL;

    for (guint i = 0; i < 500; i++)
      g_string_append_printf (answer, "%s{\"url\":\"https://x.example/%u.png\"}", i > 0 ? "," : "", i);
    g_string_append (answer, "]}}");
    task = sb_task_new_from_json (answer->str, -1, NULL, &error);
    g_assert_null (task);
    g_assert_error (error, SB_ERROR, SB_ERROR_MALFORMED);
  }

  /* Embedded NUL and a truncated buffer. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SbTask) task = sb_task_new_from_json (create_ok, 20, NULL, &error);

    g_assert_null (task);
    g_assert_error (error, SB_ERROR, SB_ERROR_MALFORMED);
  }
}

static void
on_status (SbTask     *task,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_task_update (void)
{
  g_autoptr(SbTask) task = sb_task_new ("86ecf553-a1b2");
  g_autoptr(SbTask) newer = sb_task_new_from_json (query_succeeded, -1, NULL, NULL);
  guint notified = 0;

  g_signal_connect (task, "notify::status", G_CALLBACK (on_status), &notified);
  sb_task_update (task, newer);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_task_get_results (task)->len, ==, 2);
  g_assert_cmpstr (sb_task_get_request_id (task), ==, "85eaba38-a1b2");

  sb_task_update (task, newer);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (sb_task_get_results (task)->len, ==, 2);
}

static void
test_error_families (void)
{
  static const struct { guint status; const char *code; SbErrorCode family; } cases[] = {
    { 401, "InvalidApiKey", SB_ERROR_AUTH },
    { 400, "InvalidApiKey", SB_ERROR_AUTH },
    { 400, "InvalidParameter", SB_ERROR_INVALID_PARAMETER },
    { 400, "InvalidURL", SB_ERROR_INVALID_URL },
    { 400, "InvalidFile.Resolution", SB_ERROR_RESOLUTION },
    { 429, "Throttling.RateQuota", SB_ERROR_THROTTLED },
    { 429, "Throttling", SB_ERROR_THROTTLED },
    { 429, "Throttling.AllocationQuota", SB_ERROR_ACCOUNT },
    { 400, "Arrearage", SB_ERROR_ACCOUNT },
    { 429, NULL, SB_ERROR_THROTTLED },
    { 500, "InternalError", SB_ERROR_SERVER },
    { 503, NULL, SB_ERROR_SERVER },
    /* The key is fine; the account may not do this: not "refused the key". */
    { 403, "AccessDenied", SB_ERROR_ACCESS_DENIED },
    { 403, "AccessDenied.Unpurchased", SB_ERROR_ACCESS_DENIED },
    { 404, "NotFound", SB_ERROR_REFUSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = sb_error_new_service (cases[i].status, cases[i].code, "m", "rid", NULL);

      g_assert_cmpint (sb_error_code_for_service (cases[i].status, cases[i].code), ==, cases[i].family);
      g_assert_error (error, SB_ERROR, (int) cases[i].family);
      g_assert_cmpstr (sb_error_get_request_id (error), ==, "rid");
      g_assert_cmpuint (sb_error_get_http_status (error), ==, cases[i].status);
    }

  /* Every code the reference names reads as our own sentence, the
   * service's words kept for the details; a code we do not know keeps
   * them in the message, as they are all there is to say. */
  {
    static const struct { guint status; const char *code; const char *said; } known[] = {
      { 401, "InvalidApiKey", "DashScope refused the API key" },
      { 400, "InvalidParameter", "DashScope refused a parameter" },
      { 400, "InvalidURL", "DashScope could not read the sketch" },
      { 400, "InvalidFile.Resolution", "DashScope does not accept the sketch’s size" },
      { 429, "Throttling.RateQuota", "DashScope is busy with too many requests" },
      { 400, "Arrearage", "The DashScope account cannot make pictures now (quota or billing)" },
      { 400, "DataInspectionFailed", "DashScope’s content check refused the prompt or the sketch" },
      { 404, "NotFound", "DashScope refused the request: Input data may contain inappropriate content." },
      { 500, "InternalError", "DashScope had an internal error" },
      { 503, "InternalError.Timeout", "DashScope took too long to make this picture" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (known); i++)
      {
        g_autoptr(GError) error = sb_error_new_service (known[i].status, known[i].code,
                                                        "Input data may contain inappropriate content.", "r1", NULL);
        g_autofree char *details = sb_error_format_details (error);

        g_assert_cmpstr (error->message, ==, known[i].said);
        g_assert_nonnull (strstr (details, "inappropriate content"));
      }
    /* On a failed task or image: the content check and the timeout. */
    g_assert_cmpstr (sb_error_describe_service_code ("DataInspectionFailed"), ==,
                     "DashScope’s content check refused the prompt or the sketch");
    g_assert_cmpstr (sb_error_describe_service_code ("InternalError.Timeout"), ==,
                     "DashScope took too long to make this picture");
    g_assert_null (sb_error_describe_service_code ("SomethingNew"));
    {
      g_autoptr(GError) failed = sb_error_new_task_failed ("DataInspectionFailed", "Output data may contain inappropriate content.", "r2");
      g_autoptr(GError) unknown = sb_error_new_task_failed ("SomethingNew", "a new kind of failure", "r3");

      g_assert_cmpstr (failed->message, ==, "The task failed: DashScope’s content check refused the prompt or the sketch");
      g_assert_cmpstr (unknown->message, ==, "The task failed: a new kind of failure");
    }
  }

  /* Its own words for AccessDenied. */
  {
    g_autoptr(GError) denied = sb_error_new_service (403, "AccessDenied",
                                                     "current user api does not support synchronous calls", "r", NULL);

    g_assert_null (strstr (denied->message, "API key"));
  }

  /* Text from the service, fit to show and store: control characters (an
   * escape sequence, a line break) out, the key never repeated, a bounded
   * length, valid UTF-8. */
  {
    g_autofree char *clean = sb_error_clean_text ("bad key sk-secret-1234\x1b[31m\nred\xff", "sk-secret-1234");
    g_autofree char *long_text = g_strnfill (10000, 'x');
    g_autofree char *cut = sb_error_clean_text (long_text, NULL);
    g_autoptr(GError) echoed = sb_error_new_service (400, "InvalidParameter", "a\x1b]0;title\x07b", "r\n1", NULL);

    g_assert_cmpstr (clean, ==, "bad key [API key] [31m red\xef\xbf\xbd");
    g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, SB_SERVICE_TEXT_MAX_CHARS);
    g_assert_null (strchr (echoed->message, '\x1b'));
    g_assert_null (sb_error_get_request_id (echoed));   /* no id: dropped, not printed */
    g_assert_null (sb_error_clean_text (NULL, "k"));
  }

  /* A key across the length cut, or said twice, leaves no part of itself. */
  {
    const char *key = "sk-0123456789abcdef";
    g_autofree char *head = g_strnfill (SB_SERVICE_TEXT_MAX_CHARS - 5, 'x');
    g_autofree char *straddling = g_strconcat (head, key, " tail", NULL);
    g_autofree char *cut = sb_error_clean_text (straddling, key);
    g_autofree char *twice = sb_error_clean_text ("sk-0123456789abcdef and sk-0123456789abcdef", key);

    g_assert_null (strstr (cut, "sk-01"));
    g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, SB_SERVICE_TEXT_MAX_CHARS);
    g_assert_true (g_str_has_suffix (cut, "x[API "));
    g_assert_cmpstr (twice, ==, "[API key] and [API key]");
  }

  /* The details survive g_error_copy(). */
  {
    g_autoptr(GError) error = sb_error_new_service (401, "InvalidApiKey", "Invalid API-key provided.", "fb53c4ec-9a1b", NULL);
    g_autoptr(GError) copy = g_error_copy (error);
    g_autofree char *details = sb_error_format_details (copy);

    g_assert_cmpstr (details, ==, "InvalidApiKey: Invalid API-key provided. (request_id: fb53c4ec-9a1b)");
  }
}

/* Everything the service says is cleaned as it is read: the key (echoed in
 * any field) replaced, then escapes and line breaks out; ids that are not
 * ids refused (a task id) or dropped (a request id); a picture whose
 * address holds the key is not fetched (the key would go to its host). */
static void
test_task_echoed_key (void)
{
  const char *key = "sk-echo-0123";
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json (
    "{\"request_id\": \"sk-echo-0123\","
    " \"output\": {\"task_id\": \"t-1\", \"task_status\": \"FAILED\","
    "  \"code\": \"Bad.sk-echo-0123\", \"message\": \"key sk-echo-0123\\u001b[2J\\nagain sk-echo-0123\","
    "  \"end_time\": \"\\u001b]0;x\\u0007\","
    "  \"results\": [{\"code\": \"E\\u001bsk-echo-0123\", \"message\": \"sk-echo-0123\"},"
    "               {\"url\": \"https://r.example/a.png?k=sk-echo-0123\"}]}}", -1, key, &error);
  g_autoptr(GError) failed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) service = sb_error_new_service (400, "InvalidParameter sk-echo-0123", "m sk-echo-0123",
                                                    "sk-echo-0123", key);
  g_autofree char *details = sb_error_format_details (service);
  const char *bad_ids[] = { "sk-echo-0123", "a\\u001b[31m", "a\\nb", "../../x", "a b", "" };

  g_assert_no_error (error);
  g_assert_null (sb_task_get_request_id (task));
  g_assert_cmpstr (sb_task_get_code (task), ==, "Bad.[API key]");
  g_assert_cmpstr (sb_task_get_message (task), ==, "key [API key] [2J again [API key]");
  failed = sb_task_to_error (task);
  json = sb_task_to_json (task);
  text = sb_task_to_text (task);
  for (const char *out[] = { failed->message, json, text, details, service->message, NULL }, **o = out; *o; o++)
    {
      g_assert_null (strstr (*o, key));
      g_assert_null (strchr (*o, '\x1b'));
      g_assert_null (strchr (*o, '\x07'));
    }
  g_assert_null (((SbTaskResult *) g_ptr_array_index (sb_task_get_results (task), 1))->url);
  g_assert_cmpstr (((SbTaskResult *) g_ptr_array_index (sb_task_get_results (task), 0))->code, ==, "E [API key]");
  g_assert_null (sb_error_get_request_id (service));
  g_assert_cmpstr (sb_error_get_service_code (service), ==, "InvalidParameter [API key]");

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autofree char *answer = g_strdup_printf ("{\"output\": {\"task_id\": \"%s\", \"task_status\": \"PENDING\"}}", bad_ids[i]);
      g_autoptr(GError) refused = NULL;
      g_autoptr(SbTask) none = sb_task_new_from_json (answer, -1, key, &refused);

      g_assert_null (none);
      g_assert_error (refused, SB_ERROR, SB_ERROR_MALFORMED);
      g_assert_null (strstr (refused->message, key));
    }
  g_assert_true (sb_error_is_safe_id ("0385dc79-5ff8-4d82-bcb6-2a2b0ec9a1b2"));
  g_assert_false (sb_error_is_safe_id (".."));
  g_assert_false (sb_error_is_safe_id ("id\xe2\x80\xa6"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task/create-answer", test_task_create_answer);
  g_test_add_func ("/task/succeeded", test_task_succeeded);
  g_test_add_func ("/task/failed", test_task_failed);
  g_test_add_func ("/task/partial", test_task_partial);
  g_test_add_func ("/task/all-states", test_task_all_states);
  g_test_add_func ("/task/tolerant", test_task_tolerant);
  g_test_add_func ("/task/malformed", test_task_malformed);
  g_test_add_func ("/task/update", test_task_update);
  g_test_add_func ("/error/families", test_error_families);
  g_test_add_func ("/task/echoed-key", test_task_echoed_key);

  return g_test_run ();
}
