/* sb-sim-server.c: a local stand-in for the DashScope endpoints Sketchbloom uses
 *
 * Two listeners, so tests can tell hosts apart: the API host (127.0.0.1) with
 * create, query and cancel under /api/v1, and a files host (127.0.0.2) that
 * serves result images and stores sketches PUT to /files/. Requests are
 * validated as strictly as the reference says the service does; limits
 * (QPS 2, one task in progress per key) are enforced; faults can be injected;
 * every request is logged as one JSON line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <zlib.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>

#include "sb-json.h"
#include "sb-sim-server.h"

#define MAX_SKETCH_BYTES (10 * 1024 * 1024)
#define PROMPT_MAX_CHARS 75
/* wanx2.1-imageedit (dashscope-imageedit.md) */
#define IMAGEEDIT_MODEL "wanx2.1-imageedit"
#define IMAGEEDIT_PROMPT_MAX_CHARS 800
#define IMAGEEDIT_MIN_SIDE 512
#define IMAGEEDIT_MAX_SIDE 4096

typedef enum {
  FAULT_THROTTLE_CREATE,     /* 429 Throttling.RateQuota on create */
  FAULT_SERVER_ERROR_CREATE, /* make the task, then answer 500 */
  FAULT_DROP_CREATE,         /* make the task, then drop the connection */
  FAULT_SERVER_ERROR_POLL,   /* 503 on query */
  FAULT_THROTTLE_POLL,       /* 429 on query */
  FAULT_MALFORMED_POLL,      /* 200 with a broken body on query */
  FAULT_DROP_POLL,           /* drop the connection on query */
  FAULT_FAIL_TASK,           /* the task ends FAILED */
  FAULT_PARTIAL,             /* N of the images fail with InternalError.Timeout */
  FAULT_UNKNOWN,             /* queries answer UNKNOWN */
  FAULT_EXPIRED_RESULTS,     /* result URLs answer 404 */
  FAULT_NON_IMAGE_RESULTS,   /* result URLs answer HTML */
  FAULT_SLOW,                /* delay every API answer by N ms */
  FAULT_BOMB_RESULTS,        /* result URLs answer a 30000×30000 PNG (about 900 KB) */
  FAULT_EXTRA_RESULTS,       /* the answer lists two more results than were asked for */
  FAULT_OUTAGE,              /* for N ms from the first poll, polls get 503 or a dropped connection */
  FAULT_SERVER_ERROR_RESULTS,/* result URLs answer 503 */
  FAULT_REFUSE_POLL,         /* 401 InvalidApiKey on query (a key revoked mid-task) */
  FAULT_ECHO_KEY,            /* every code, message and request_id repeats the key, with escapes */
  N_FAULTS
} Fault;

static const char *fault_names[N_FAULTS] = {
  "throttle-create", "server-error-create", "drop-create", "server-error-poll",
  "throttle-poll", "malformed-poll", "drop-poll", "fail-task", "partial",
  "unknown", "expired-results", "non-image-results", "slow", "bomb-results",
  "extra-results", "outage", "server-error-results", "refuse-poll", "echo-key",
};

static GBytes *make_bomb_png (void);

typedef enum {
  TASK_PENDING,
  TASK_RUNNING,
  TASK_SUCCEEDED,
  TASK_FAILED,
  TASK_CANCELED,
} TaskState;

typedef struct {
  char      *id;
  char      *key;
  char      *model;
  char      *function;    /* wanx2.1-imageedit's; NULL for the sketch model */
  int        factor;      /* super_resolution's upscale_factor */
  double     scales[4];   /* expand's top, bottom, left and right scales */
  double     strength;    /* description_edit's */
  char      *mask_url;    /* description_edit_with_mask's, until it is read */
  GdkPixbuf *mask;        /* …and read: pure black and white, the picture's size */
  char      *prompt;
  char      *style;
  GdkPixbuf *sketch;
  gint64     created;     /* monotonic µs */
  int        n;
  int        weight;
  int        failed_slots;
  int        extra_results;
  gboolean   fail;
  gboolean   canceled;
  gboolean   rendered;
} SimTask;

struct _SbSimServer
{
  GObject      parent_instance;

  SoupServer  *api;
  SoupServer  *files;
  SoupSession *session;       /* to fetch sketches */
  char        *api_key;
  double       service_seconds;
  int          faults[N_FAULTS];   /* remaining uses; -1 = always; for slow/partial/outage: the value */
  gint64       outage_start;       /* monotonic µs of the first poll, for FAULT_OUTAGE */
  guint        outage_polls;
  gboolean     fault_set[N_FAULTS];
  GHashTable  *tasks;          /* id -> SimTask */
  GHashTable  *stored;         /* path -> GBytes: results and PUT files */
  GQueue       creates;        /* monotonic µs of recent creates */
  GOutputStream *log;
  GFile       *history;        /* where the client keeps its history, if told */
  GPtrArray   *requests;       /* "METHOD path" of every request, for tests */
  gint64       started;
  guint        files_port;
  char        *policy;          /* the current upload policy, and its secrets */
  char        *policy_dir;
  gint64       policy_expires;  /* monotonic µs */
  gboolean     hold_uploads;    /* uploads wait until released */
  GPtrArray   *held;            /* of Delayed: uploads waiting */
};

#define POLICY_SECONDS 300
#define OSS_ACCESS_KEY_ID "LTAI5tSimulatorKeyId"
#define OSS_SIGNATURE_OF(policy) "sim-signature"

/* The form fields OSS wants, in the order it wants them (file comes last). */
static const char *oss_fields[] = {
  "OSSAccessKeyId", "Signature", "policy", "key", "x-oss-object-acl",
  "x-oss-forbid-overwrite", "success_action_status", "x-oss-content-type", "file",
};

G_DEFINE_FINAL_TYPE (SbSimServer, sb_sim_server, G_TYPE_OBJECT)

static void
sim_task_free (SimTask *task)
{
  g_free (task->id);
  g_free (task->key);
  g_free (task->prompt);
  g_free (task->style);
  g_free (task->model);
  g_free (task->function);
  g_clear_object (&task->sketch);
  g_clear_object (&task->mask);
  g_free (task->mask_url);
  g_free (task);
}

/* Uses up one count of a fault; TRUE when it applies now. */
static gboolean
take_fault (SbSimServer *self,
            Fault        fault)
{
  if (!self->fault_set[fault] || self->faults[fault] == 0)
    return FALSE;
  if (self->faults[fault] > 0)
    self->faults[fault]--;
  return TRUE;
}

/* Whether the client's history (DIR/ * /entry.json, see
 * sb_sim_server_set_history_directory) holds an entry for @prompt that has
 * no task yet: as a create arrives, one written before it asked. */
gboolean
sb_sim_server_entry_waits (SbSimServer *self,
                           const char  *prompt)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (self->history, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;
  gboolean found = FALSE;

  while (!found && children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) entry = g_file_get_child (g_file_enumerator_get_child (children, info), "entry.json");
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object, *params;

      g_object_unref (info);
      if (!g_file_load_contents (entry, NULL, &contents, &length, NULL, NULL))
        continue;
      root = sb_json_parse (contents, length, NULL);
      object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      params = object != NULL ? sb_json_get_object (object, "params") : NULL;
      found = params != NULL && g_strcmp0 (sb_json_get_string (params, "prompt"), prompt) == 0 &&
              sb_json_get_string (object, "task_id") == NULL;
    }
  return found;
}

static void
sim_log (SbSimServer       *self,
         const char        *listener,
         SoupServerMessage *msg,
         guint              status,
         const char        *task_id,
         const char        *note)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *expected = g_strconcat ("Bearer ", self->api_key, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *line = NULL;
  GUri *uri = soup_server_message_get_uri (msg);

  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s", soup_server_message_get_method (msg), g_uri_get_path (uri)));
  if (self->log == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "t");
  json_builder_add_double_value (builder, (g_get_monotonic_time () - self->started) / 1e6);
  json_builder_set_member_name (builder, "listener");
  json_builder_add_string_value (builder, listener);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, g_uri_get_host (uri));
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_uri_get_path (uri));
  /* Whether a key came, and whether it was the right one; never the key itself. */
  json_builder_set_member_name (builder, "authorization");
  json_builder_add_string_value (builder, authorization == NULL ? "absent" :
                                 g_str_equal (authorization, expected) ? "valid" : "invalid");
  json_builder_set_member_name (builder, "workspace");
  json_builder_add_string_value (builder, soup_message_headers_get_one (headers, "X-DashScope-WorkSpace"));
  json_builder_set_member_name (builder, "oss_resolve");
  json_builder_add_boolean_value (builder, g_strcmp0 (soup_message_headers_get_one (headers, "X-DashScope-OssResourceResolve"), "enable") == 0);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task_id);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, note);
  /* What a create asked for (the key is never in the body). */
  if (g_str_has_suffix (g_uri_get_path (uri), "/image-synthesis"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      JsonNode *request = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

      JsonObject *input = request != NULL && JSON_NODE_HOLDS_OBJECT (request)
                          ? sb_json_get_object (json_node_get_object (request), "input") : NULL;

      if (self->history != NULL)
        {
          json_builder_set_member_name (builder, "entry_on_disk");
          json_builder_add_boolean_value (builder, input != NULL &&
                                          sb_sim_server_entry_waits (self, sb_json_get_string (input, "prompt")));
        }
      /* The body as sent, byte for byte, for the tests that hold it to the contract. */
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, g_utf8_validate (text, -1, NULL) ? text : NULL);
      json_builder_set_member_name (builder, "request");
      if (request != NULL)
        json_builder_add_value (builder, request);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  line = g_strconcat (json, "\n", NULL);
  g_output_stream_write_all (self->log, line, strlen (line), NULL, NULL, NULL);
  g_output_stream_flush (self->log, NULL, NULL);
}

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *root)
{
  g_autofree char *body = json_to_string (root, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* FAULT_ECHO_KEY: what a careless gateway does with the request it got. */
static char *
echoed (SbSimServer *self,
        const char  *key,
        const char  *text)
{
  if (!self->fault_set[FAULT_ECHO_KEY] || key == NULL)
    return g_strdup (text);
  return g_strdup_printf ("%s%s\x1b]0;owned\x07\x1b[2J\r\n%s", text, key, key);
}

/* The key a request came with, or NULL. */
static const char *
sent_key (SoupServerMessage *msg)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  return authorization != NULL && g_str_has_prefix (authorization, "Bearer ") ? authorization + strlen ("Bearer ") : NULL;
}

static void
respond_error (SbSimServer       *self,
               SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = new_id ();
  g_autofree char *request_id = echoed (self, sent_key (msg), id);
  g_autofree char *echoed_code = echoed (self, sent_key (msg), code);
  g_autofree char *echoed_message = echoed (self, sent_key (msg), message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, echoed_code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, echoed_message);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, status, root);
  sim_log (self, "api", msg, status, NULL, code);
}

/* Closes the connection without an answer, as a reset would. */
static void
drop_connection (SbSimServer       *self,
                 SoupServerMessage *msg,
                 const char        *task_id)
{
  g_autoptr(GIOStream) stream = NULL;

  sim_log (self, "api", msg, 0, task_id, "dropped");
  stream = soup_server_message_steal_connection (msg);
  g_io_stream_close (stream, NULL, NULL);
}

static gboolean
check_key (SbSimServer       *self,
           SoupServerMessage *msg)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer ") &&
      g_str_equal (authorization + strlen ("Bearer "), self->api_key))
    return TRUE;

  /* Echoed back, as some services do: the client must not show or keep it. */
  {
    g_autofree char *message = g_strdup_printf ("Invalid API-key provided: %s",
                                                authorization != NULL && g_str_has_prefix (authorization, "Bearer ")
                                                ? authorization + strlen ("Bearer ") : "(none)");

    respond_error (self, msg, 401, "InvalidApiKey", message);
  }
  return FALSE;
}

static TaskState
task_state (SbSimServer *self,
            SimTask     *task)
{
  double elapsed = (g_get_monotonic_time () - task->created) / 1e6;

  if (task->canceled)
    return TASK_CANCELED;
  if (elapsed < self->service_seconds * 0.2)
    return TASK_PENDING;
  if (elapsed < self->service_seconds)
    return TASK_RUNNING;
  return task->fail ? TASK_FAILED : TASK_SUCCEEDED;
}

/* Tasks in progress for one key: the sketch model allows 1, the
 * image-edit model 2. */
static gboolean
key_is_at_task_limit (SbSimServer *self,
                      const char  *key,
                      const char  *model)
{
  guint limit = g_str_equal (model, IMAGEEDIT_MODEL) ? 2 : 1;
  guint n = 0;
  GHashTableIter iter;
  SimTask *task;

  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    {
      TaskState state = task_state (self, task);

      if (g_str_equal (task->key, key) && g_str_equal (task->model, model) &&
          (state == TASK_PENDING || state == TASK_RUNNING))
        n++;
    }

  return n >= limit;
}

/* A recent create: when, and of which model. */
typedef struct {
  gint64      time;
  const char *model;   /* interned */
} RecentCreate;

/* QPS 2 per model: at most two creates of one model within any second. */
static gboolean
over_rate (SbSimServer *self,
           const char  *model)
{
  gint64 now = g_get_monotonic_time ();
  RecentCreate recent = { now, g_intern_string (model) };
  guint n = 0;

  while (!g_queue_is_empty (&self->creates) &&
         now - ((RecentCreate *) g_queue_peek_head (&self->creates))->time >= G_USEC_PER_SEC)
    g_free (g_queue_pop_head (&self->creates));

  for (GList *l = self->creates.head; l != NULL; l = l->next)
    n += ((RecentCreate *) l->data)->model == recent.model;
  if (n >= 2)
    return TRUE;

  g_queue_push_tail (&self->creates, g_memdup2 (&recent, sizeof recent));
  return FALSE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The results: the sketch's lines over the style's colours, visibly both. */
static GBytes *
render_result (SimTask *task,
               int      index)
{
  static const struct { const char *style; double paper[3]; double ink[3]; } looks[] = {
    { "<auto>",              { 0.93, 0.95, 0.98 }, { 0.15, 0.20, 0.35 } },
    { "<3d cartoon>",        { 0.99, 0.85, 0.60 }, { 0.55, 0.20, 0.10 } },
    { "<anime>",             { 0.98, 0.80, 0.90 }, { 0.35, 0.10, 0.45 } },
    { "<oil painting>",      { 0.70, 0.55, 0.30 }, { 0.20, 0.12, 0.05 } },
    { "<watercolor>",        { 0.75, 0.88, 0.98 }, { 0.10, 0.35, 0.60 } },
    { "<sketch>",            { 0.92, 0.92, 0.90 }, { 0.20, 0.20, 0.20 } },
    { "<chinese painting>",  { 0.96, 0.93, 0.82 }, { 0.05, 0.05, 0.05 } },
    { "<flat illustration>", { 0.60, 0.85, 0.70 }, { 0.05, 0.30, 0.20 } },
  };
  /* The sketch model makes 768×768; the image-edit model the input's size
   * (times the factor, enlarging; with each side's share added, expanding). */
  const char *function = task->function != NULL ? task->function : "";
  gboolean keeps = g_str_equal (function, "super_resolution") || g_str_equal (function, "expand") ||
                   g_str_equal (function, "description_edit_with_mask");
  int base_width = gdk_pixbuf_get_width (task->sketch), base_height = gdk_pixbuf_get_height (task->sketch);
  int width = task->function != NULL ? base_width * MAX (task->factor, 1) : 768;
  int height = task->function != NULL ? base_height * MAX (task->factor, 1) : 768;
  int left = 0, top = 0;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GdkPixbuf) scaled = NULL;
  GByteArray *png = g_byte_array_new ();
  guint look = 0;
  int stride, channels;
  guchar *pixels, *data;

  if (g_str_equal (function, "expand"))
    {
      width = (int) round (base_width * (task->scales[2] + task->scales[3] - 1.0));
      height = (int) round (base_height * (task->scales[0] + task->scales[1] - 1.0));
      left = (int) round (base_width * (task->scales[2] - 1.0));
      top = (int) round (base_height * (task->scales[0] - 1.0));
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  /* Expanding keeps the picture at its size, with more around it. */
  scaled = g_str_equal (function, "expand") ? g_object_ref (task->sketch)
                                            : gdk_pixbuf_scale_simple (task->sketch, width, height, GDK_INTERP_BILINEAR);

  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (g_str_equal (looks[i].style, task->style))
      look = i;

  /* Paper in the style's colour, a little different for each image. */
  cairo_set_source_rgb (cr, looks[look].paper[0], looks[look].paper[1] - 0.05 * index, looks[look].paper[2]);
  cairo_paint (cr);
  cairo_destroy (cr);

  /* The sketch's dark pixels become the style's ink; the edits that keep
   * the picture keep its pixels but where they change it. */
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = gdk_pixbuf_get_pixels (scaled);
  channels = gdk_pixbuf_get_n_channels (scaled);
  for (int y = 0; y < gdk_pixbuf_get_height (scaled); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (scaled); x++)
      {
        const guchar *p = pixels + y * gdk_pixbuf_get_rowstride (scaled) + x * channels;
        double darkness = 1.0 - (p[0] + p[1] + p[2]) / (3.0 * 255);
        guint32 *out = (guint32 *) (data + (y + top) * stride + (x + left) * 4);
        guint32 ink = ((guint32) (looks[look].ink[0] * 255) << 16) | ((guint32) (looks[look].ink[1] * 255) << 8) |
                      (guint32) (looks[look].ink[2] * 255);

        if (keeps)
          {
            const guchar *m = task->mask != NULL
                              ? gdk_pixbuf_read_pixels (task->mask) + y * gdk_pixbuf_get_rowstride (task->mask) +
                                x * gdk_pixbuf_get_n_channels (task->mask)
                              : NULL;

            /* Repainting: the white region in the ink, the rest as it was. */
            *out = m != NULL && m[0] == 255 ? ink : ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
          }
        else if (g_str_equal (function, "description_edit"))
          {
            /* Changed as far as the strength says: towards the paper. */
            guint32 paper = *out;
            double t = task->strength;

            *out = ((guint32) ((1 - t) * p[0] + t * ((paper >> 16) & 0xff)) << 16) |
                   ((guint32) ((1 - t) * p[1] + t * ((paper >> 8) & 0xff)) << 8) |
                   (guint32) ((1 - t) * p[2] + t * (paper & 0xff));
          }
        else if (darkness > 0.3)
          *out = ink;
      }
  cairo_surface_mark_dirty (surface);

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, looks[look].ink[0], looks[look].ink[1], looks[look].ink[2]);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 28);
  cairo_move_to (cr, 24, height - 24);
  if (!keeps)
    cairo_show_text (cr, task->function != NULL ? task->function : task->style);
  cairo_destroy (cr);

  cairo_surface_write_to_png_stream (surface, append_bytes, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static char *
result_path (SimTask *task,
             int      index)
{
  return g_strdup_printf ("/results/%s/%d.png", task->id, index);
}

static void
render_results (SbSimServer *self,
                SimTask     *task)
{
  if (task->rendered)
    return;

  task->rendered = TRUE;
  for (int i = task->failed_slots; i < task->n; i++)
    g_hash_table_insert (self->stored, result_path (task, i), render_result (task, i));
}

static JsonNode *
task_answer (SbSimServer *self,
             SimTask     *task)
{
  static const char *state_names[] = { "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = new_id ();
  g_autofree char *request_id = echoed (self, task->key, id);
  g_autofree char *failed_code = echoed (self, task->key, "InternalError.Algo");
  g_autofree char *failed_message = echoed (self, task->key, "Algorithm process error.");
  g_autofree char *slot_code = echoed (self, task->key, "InternalError.Timeout");
  g_autofree char *slot_message = echoed (self, task->key, "An internal timeout error has occured during execution, please try again later.");
  TaskState state = task_state (self, task);
  gboolean unknown = take_fault (self, FAULT_UNKNOWN);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "output");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task->id);
  json_builder_set_member_name (builder, "task_status");
  json_builder_add_string_value (builder, unknown ? "UNKNOWN" : state_names[state]);

  if (!unknown && (state == TASK_SUCCEEDED || state == TASK_FAILED))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) submitted = g_date_time_add_seconds (now, -self->service_seconds);
      g_autofree char *end_time = g_date_time_format (now, "%Y-%m-%d %H:%M:%S.%f");
      g_autofree char *submit_time = g_date_time_format (submitted, "%Y-%m-%d %H:%M:%S.%f");

      json_builder_set_member_name (builder, "submit_time");
      json_builder_add_string_value (builder, submit_time);
      json_builder_set_member_name (builder, "end_time");
      json_builder_add_string_value (builder, end_time);
    }

  if (!unknown && state == TASK_FAILED)
    {
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, failed_code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, failed_message);
    }

  if (!unknown && state == TASK_SUCCEEDED)
    {
      guint port = self->files_port;

      render_results (self, task);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (int i = 0; i < task->n + task->extra_results; i++)
        {
          json_builder_begin_object (builder);
          if (i >= task->n)
            {
              /* More than were asked for: copies of the last one. */
              g_autofree char *path = result_path (task, task->n - 1);
              g_autofree char *url = g_strdup_printf ("http://127.0.0.2:%u%s", port, path);

              json_builder_set_member_name (builder, "url");
              json_builder_add_string_value (builder, url);
            }
          else if (i < task->failed_slots)
            {
              json_builder_set_member_name (builder, "code");
              json_builder_add_string_value (builder, slot_code);
              json_builder_set_member_name (builder, "message");
              json_builder_add_string_value (builder, slot_message);
            }
          else
            {
              g_autofree char *path = result_path (task, i);
              g_autofree char *url = g_strdup_printf ("http://127.0.0.2:%u%s", port, path);

              json_builder_set_member_name (builder, "url");
              json_builder_add_string_value (builder, url);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (!unknown && (state == TASK_SUCCEEDED || state == TASK_FAILED))
    {
      int succeeded = state == TASK_SUCCEEDED ? task->n - task->failed_slots : 0;

      json_builder_set_member_name (builder, "task_metrics");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "TOTAL");
      json_builder_add_int_value (builder, task->n);
      json_builder_set_member_name (builder, "SUCCEEDED");
      json_builder_add_int_value (builder, succeeded);
      json_builder_set_member_name (builder, "FAILED");
      json_builder_add_int_value (builder, task->n - succeeded);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  if (!unknown && state == TASK_SUCCEEDED)
    {
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "image_count");
      json_builder_add_int_value (builder, task->n - task->failed_slots);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Validation of a create body, as strict as the reference. Returns the
 * InvalidParameter message, or NULL when the body is acceptable. */
static char *
validate_create (JsonNode  *root,
                 char     **prompt,
                 char     **url,
                 char     **style,
                 int       *n,
                 int       *weight)
{
  static const char *styles[] = {
    "<auto>", "<3d cartoon>", "<anime>", "<oil painting>", "<watercolor>",
    "<sketch>", "<chinese painting>", "<flat illustration>",
  };
  JsonObject *object, *input, *parameters;
  JsonNode *node;
  const char *text;
  gboolean known = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup ("The request body is not a JSON object.");
  object = json_node_get_object (root);

  if (g_strcmp0 (sb_json_get_string (object, "model"), "wanx-sketch-to-image-lite") != 0)
    return g_strdup ("Model not exist.");
  if (json_object_has_member (object, "parameters") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "parameters")))
    {
      JsonObject *given = json_node_get_object (json_object_get_member (object, "parameters"));

      /* The image-edit model's parameters are not this one's. */
      for (const char * const *name = (const char *[]) { "seed", "watermark", "is_sketch", "upscale_factor", NULL };
           *name != NULL; name++)
        if (json_object_has_member (given, *name))
          return g_strdup_printf ("parameters.%s is not a parameter of wanx-sketch-to-image-lite", *name);
    }

  if ((input = sb_json_get_object (object, "input")) == NULL)
    return g_strdup ("Field required: input");
  text = sb_json_get_string (input, "prompt");
  if (text == NULL || *text == '\0')
    return g_strdup ("Field required: input.prompt");
  /* The service cuts what is beyond 75 characters without saying so. */
  *prompt = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), PROMPT_MAX_CHARS));
  text = sb_json_get_string (input, "sketch_image_url");
  if (text == NULL || *text == '\0')
    return g_strdup ("Field required: input.sketch_image_url");
  *url = g_strdup (text);

  *style = g_strdup ("<auto>");
  *n = 4;
  *weight = 10;
  node = json_object_get_member (object, "parameters");
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("parameters must be an object");
  parameters = json_node_get_object (node);

  if ((node = json_object_get_member (parameters, "size")) != NULL &&
      g_strcmp0 (sb_json_get_string (parameters, "size"), "768*768") != 0)
    return g_strdup ("The size is not match the allowed size ['768*768']");

  if ((node = json_object_get_member (parameters, "n")) != NULL)
    {
      if (!sb_json_node_is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) > 4)
        return g_strdup ("n must be an integer from 1 to 4");
      *n = json_node_get_int (node);
    }

  if ((node = json_object_get_member (parameters, "sketch_weight")) != NULL)
    {
      if (!sb_json_node_is_int (node) || json_node_get_int (node) < 0 || json_node_get_int (node) > 10)
        return g_strdup ("sketch_weight must be an integer from 0 to 10");
      *weight = json_node_get_int (node);
    }

  if ((node = json_object_get_member (parameters, "style")) != NULL)
    {
      text = sb_json_get_string (parameters, "style");
      for (guint i = 0; text != NULL && i < G_N_ELEMENTS (styles); i++)
        known |= g_str_equal (text, styles[i]);
      if (!known)
        return g_strdup ("style must be one of <auto>, <3d cartoon>, <anime>, <oil painting>, "
                         "<watercolor>, <sketch>, <chinese painting>, <flat illustration>");
      g_free (*style);
      *style = g_strdup (text);
    }

  if ((node = json_object_get_member (parameters, "sketch_extraction")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return g_strdup ("sketch_extraction must be a boolean");

  if ((node = json_object_get_member (parameters, "sketch_color")) != NULL)
    {
      JsonArray *colors;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return g_strdup ("sketch_color must be an array of [R, G, B]");
      colors = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (colors); i++)
        {
          JsonNode *color = json_array_get_element (colors, i);
          JsonArray *rgb = JSON_NODE_HOLDS_ARRAY (color) ? json_node_get_array (color) : NULL;

          if (rgb == NULL || json_array_get_length (rgb) != 3)
            return g_strdup ("sketch_color must be an array of [R, G, B]");
          for (guint c = 0; c < 3; c++)
            {
              JsonNode *channel = json_array_get_element (rgb, c);

              if (!sb_json_node_is_int (channel) || json_node_get_int (channel) < 0 || json_node_get_int (channel) > 255)
                return g_strdup ("sketch_color values must be integers from 0 to 255");
            }
        }
    }

  return NULL;
}

/* wanx2.1-imageedit's create, as strict as dashscope-imageedit.md: the
 * functions the app uses (doodle, super_resolution and the four edits),
 * their rules (a mask of two colours at the picture's size, scales 1.0 to
 * 2.0, a strength 0 to 1), each parameter only
 * where the vendor lists it, and none of the sketch model's. */
/* A number within [min, max] for the functions in @only, or absent. */
static char *
check_number (JsonObject  *parameters,
              const char  *name,
              const char  *function,
              const char **only,
              double       min,
              double       max,
              double      *value)
{
  JsonNode *node = json_object_get_member (parameters, name);

  if (node == NULL)
    return NULL;
  if (!g_strv_contains (only, function) || !sb_json_node_is_number (node) ||
      !(json_node_get_double (node) >= min && json_node_get_double (node) <= max))
    return g_strdup_printf ("%s is a number from %.1f to %.1f, for %s only", name, min, max, only[0]);
  *value = json_node_get_double (node);
  return NULL;
}

static char *
validate_imageedit (JsonNode  *root,
                    char     **prompt,
                    char     **url,
                    int       *n,
                    SimTask   *ask)
{
  static const char *functions[] = {
    "doodle", "super_resolution", "colorization", "expand", "description_edit",
    "description_edit_with_mask", "stylization_all", "stylization_local", "remove_watermark",
    "control_cartoon_feature",
  };
  static const char *not_this_model[] = { "style", "size", "sketch_weight", "sketch_color", "sketch_extraction" };
  JsonObject *object = json_node_get_object (root), *input, *parameters;
  JsonNode *node;
  const char *text;
  gboolean known = FALSE;

  if ((input = sb_json_get_object (object, "input")) == NULL)
    return g_strdup ("Field required: input");
  text = sb_json_get_string (input, "function");
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (functions); i++)
    known |= g_str_equal (text, functions[i]);
  if (!known)
    return g_strdup ("input.function must be one of doodle, super_resolution, colorization, expand, "
                     "description_edit, description_edit_with_mask, stylization_all, stylization_local, "
                     "remove_watermark, control_cartoon_feature");
  if (g_str_has_prefix (text, "stylization") || g_str_equal (text, "remove_watermark") ||
      g_str_equal (text, "control_cartoon_feature"))
    return g_strdup_printf ("The simulator does not make %s pictures", text);
  ask->function = g_strdup (text);
  if (g_str_equal (ask->function, "description_edit_with_mask"))
    {
      text = sb_json_get_string (input, "mask_image_url");
      if (text == NULL || *text == '\0')
        return g_strdup ("Field required: input.mask_image_url");
      ask->mask_url = g_strdup (text);
    }
  else if (json_object_has_member (input, "mask_image_url"))
    return g_strdup ("input.mask_image_url is only for description_edit_with_mask");

  text = sb_json_get_string (input, "prompt");
  if (text == NULL || *text == '\0')
    return g_strdup ("Field required: input.prompt");
  /* The service cuts what is beyond 800 characters without saying so. */
  *prompt = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), IMAGEEDIT_PROMPT_MAX_CHARS));
  text = sb_json_get_string (input, "base_image_url");
  if (text == NULL || *text == '\0')
    return g_strdup ("Field required: input.base_image_url");
  *url = g_strdup (text);

  *n = 1;
  ask->factor = 1;
  ask->strength = 0.5;
  for (guint i = 0; i < G_N_ELEMENTS (ask->scales); i++)
    ask->scales[i] = 1.0;
  node = json_object_get_member (object, "parameters");
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("parameters must be an object");
  parameters = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (not_this_model); i++)
    if (json_object_has_member (parameters, not_this_model[i]))
      return g_strdup_printf ("parameters.%s is not a parameter of %s", not_this_model[i], IMAGEEDIT_MODEL);

  if ((node = json_object_get_member (parameters, "n")) != NULL)
    {
      if (!sb_json_node_is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) > 4)
        return g_strdup ("n must be an integer from 1 to 4");
      *n = json_node_get_int (node);
    }
  if ((node = json_object_get_member (parameters, "seed")) != NULL &&
      (!sb_json_node_is_int (node) || json_node_get_int (node) < 0 || json_node_get_int (node) > 2147483647))
    return g_strdup ("seed must be an integer from 0 to 2147483647");
  if ((node = json_object_get_member (parameters, "watermark")) != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return g_strdup ("watermark must be a boolean");
  if ((node = json_object_get_member (parameters, "is_sketch")) != NULL &&
      (!g_str_equal (ask->function, "doodle") || !JSON_NODE_HOLDS_VALUE (node) ||
       json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return g_strdup ("is_sketch is a boolean, for doodle only");
  if ((node = json_object_get_member (parameters, "upscale_factor")) != NULL)
    {
      if (!g_str_equal (ask->function, "super_resolution") || !sb_json_node_is_int (node) ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > 4)
        return g_strdup ("upscale_factor is an integer from 1 to 4, for super_resolution only");
      ask->factor = json_node_get_int (node);
    }
  {
    static const char *scale_names[] = { "top_scale", "bottom_scale", "left_scale", "right_scale" };
    static const char *expand_only[] = { "expand", NULL };
    static const char *strength_only[] = { "description_edit", "stylization_all", NULL };
    char *problem;

    for (guint i = 0; i < G_N_ELEMENTS (scale_names); i++)
      if ((problem = check_number (parameters, scale_names[i], ask->function, expand_only, 1.0, 2.0,
                                   &ask->scales[i])) != NULL)
        return problem;
    if ((problem = check_number (parameters, "strength", ask->function, strength_only, 0.0, 1.0,
                                 &ask->strength)) != NULL)
      return problem;
  }

  return NULL;
}

/* A data: URI's picture: "data:image/png;base64,…", at most 10 MB. */
static GBytes *
decode_data_uri (const char  *uri,
                 const char **problem)
{
  static const char *types[] = { "image/png", "image/jpeg", "image/jpg", "image/bmp", "image/tiff", "image/webp" };
  const char *comma = strchr (uri, ',');
  g_autofree char *head = comma != NULL ? g_strndup (uri + 5, comma - uri - 5) : NULL;
  gboolean known = FALSE;
  guchar *data;
  gsize size;

  for (guint i = 0; head != NULL && i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *wanted = g_strconcat (types[i], ";base64", NULL);

      known |= g_str_equal (head, wanted);
    }
  *problem = "The data URI must be data:{MIME};base64,{data} with a JPG, JPEG, PNG, BMP, TIFF or WEBP type.";
  if (!known)
    return NULL;
  /* Refused before decoding: 10 MB is about 13.4 MB of base64. */
  if (strlen (comma + 1) > (MAX_SKETCH_BYTES / 3 + 1) * 4)
    {
      *problem = "The image is larger than 10 MB.";
      return NULL;
    }
  data = g_base64_decode (comma + 1, &size);
  return g_bytes_new_take (data, size);
}

/* A create in flight while the sketch is fetched. */
typedef struct {
  SbSimServer       *self;
  SoupServerMessage *msg;
  SimTask           *task;
  gboolean           paused;   /* while the sketch was fetched */
} Create;

static void
create_finish (Create *create)
{
  SbSimServer *self = create->self;
  SoupServerMessage *msg = create->msg;
  SimTask *task = create->task;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = new_id ();
  g_autofree char *request_id = echoed (self, task->key, id);

  task->created = g_get_monotonic_time ();
  g_hash_table_insert (self->tasks, task->id, task);

  if (take_fault (self, FAULT_DROP_CREATE))
    {
      /* The connection is gone: nothing to unpause. */
      drop_connection (self, msg, task->id);
      goto dropped;
    }
  if (take_fault (self, FAULT_SERVER_ERROR_CREATE))
    {
      respond_error (self, msg, 500, "InternalError", "An internal error has occured, please try again later.");
      goto out;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "output");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_status");
  json_builder_add_string_value (builder, "PENDING");
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task->id);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, 200, root);
  sim_log (self, "api", msg, 200, task->id, NULL);

out:
  if (create->paused)
    soup_server_message_unpause (msg);
dropped:
  g_object_unref (msg);
  g_object_unref (self);
  g_free (create);
}

static void
create_refuse (Create     *create,
               guint       status,
               const char *code,
               const char *message)
{
  respond_error (create->self, create->msg, status, code, message);
  if (create->paused)
    soup_server_message_unpause (create->msg);
  g_object_unref (create->msg);
  g_object_unref (create->self);
  sim_task_free (create->task);
  g_free (create);
}

static const char *check_mask (SimTask *task,
                               int      width,
                               int      height);

static void
check_sketch (Create *create,
              GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbufFormat *format;
  g_autofree char *format_name = NULL;
  gboolean decoded;
  int width, height;

  if (g_bytes_get_size (bytes) > MAX_SKETCH_BYTES)
    {
      create_refuse (create, 400, "InvalidURL", "The image is larger than 10 MB.");
      return;
    }

  loader = gdk_pixbuf_loader_new ();
  decoded = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
  format = decoded ? gdk_pixbuf_loader_get_format (loader) : NULL;
  format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  if (!decoded || gdk_pixbuf_loader_get_pixbuf (loader) == NULL ||
      !g_strv_contains ((const char *[]) { "png", "jpeg", "tiff", "webp", "bmp", NULL }, format_name))
    {
      create_refuse (create, 400, "InvalidURL", "The file is not a JPEG, JPG, PNG, BMP or WEBP image.");
      return;
    }

  width = gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader));
  height = gdk_pixbuf_get_height (gdk_pixbuf_loader_get_pixbuf (loader));
  if (create->task->function != NULL)
    {
      if (width < IMAGEEDIT_MIN_SIDE || height < IMAGEEDIT_MIN_SIDE ||
          width > IMAGEEDIT_MAX_SIDE || height > IMAGEEDIT_MAX_SIDE)
        {
          create_refuse (create, 400, "InvalidFile.Resolution",
                         "The image resolution is invalid: each side must be between 512 and 4096 pixels.");
          return;
        }
    }
  else if (width < 256 || height < 256 || width > 2048 || height > 2048 ||
      MAX (width, height) >= 2 * MIN (width, height))
    {
      create_refuse (create, 400, "InvalidFile.Resolution",
                     "The image resolution is invalid, please make sure that the aspect ratio is smaller "
                     "than 2.0, and each side is between 256 and 2048 pixels.");
      return;
    }

  create->task->sketch = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  if (create->task->mask_url != NULL)
    {
      const char *refusal = check_mask (create->task, width, height);

      if (refusal != NULL)
        {
          create_refuse (create, 400, "InvalidParameter", refusal);
          return;
        }
    }
  create_finish (create);
}

/* description_edit_with_mask's mask: a picture of the base's size, pure
 * black (kept) and pure white (repainted), nothing between. */
static const char *
check_mask (SimTask *task,
            int      width,
            int      height)
{
  const char *refusal = NULL;
  g_autoptr(GBytes) bytes = decode_data_uri (task->mask_url, &refusal);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *mask;
  gboolean decoded;

  if (bytes == NULL)
    return refusal;
  decoded = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
  decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
  mask = decoded ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (mask == NULL)
    return "mask_image_url is not an image.";
  if (gdk_pixbuf_get_width (mask) != width || gdk_pixbuf_get_height (mask) != height)
    return "The mask must have the same resolution as the base image.";
  for (int y = 0; y < height; y++)
    {
      const guchar *row = gdk_pixbuf_read_pixels (mask) + (gsize) y * gdk_pixbuf_get_rowstride (mask);

      for (int x = 0; x < width; x++)
        {
          const guchar *p = row + (gsize) x * gdk_pixbuf_get_n_channels (mask);

          if (!((p[0] == 0 && p[1] == 0 && p[2] == 0) || (p[0] == 255 && p[1] == 255 && p[2] == 255)) ||
              (gdk_pixbuf_get_has_alpha (mask) && p[3] != 255))
            return "The mask must be pure black (0,0,0) and pure white (255,255,255) only.";
        }
    }
  task->mask = g_object_ref (mask);
  return NULL;
}

static void
on_sketch_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Create *create = user_data;
  SoupMessage *fetch = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  if (bytes == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (fetch)))
    {
      create_refuse (create, 400, "InvalidURL", "The provided URL could not be downloaded.");
      return;
    }

  check_sketch (create, bytes);
}

static void
handle_create (SbSimServer       *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) fetch = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *prompt = NULL, *url = NULL, *style = NULL;
  SimTask ask = { 0 };
  g_autofree char *function = NULL, *mask_url = NULL;
  g_autoptr(GBytes) inline_image = NULL;
  const char *content_type;
  const char *model;
  Create *create;
  int n = 4, weight = 10;

  if (!check_key (self, msg))
    return;

  if (g_strcmp0 (soup_message_headers_get_one (headers, "X-DashScope-Async"), "enable") != 0)
    {
      respond_error (self, msg, 403, "AccessDenied", "current user api does not support synchronous calls");
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      respond_error (self, msg, 400, "InvalidParameter", "Content-Type must be application/json");
      return;
    }

  root = sb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  model = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? sb_json_get_string (json_node_get_object (root), "model") : NULL;
  if (model == NULL || (!g_str_equal (model, IMAGEEDIT_MODEL) && !g_str_equal (model, "wanx-sketch-to-image-lite")))
    model = "wanx-sketch-to-image-lite";   /* validate_create says what is wrong */

  if (take_fault (self, FAULT_THROTTLE_CREATE) || over_rate (self, model))
    {
      respond_error (self, msg, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
      return;
    }

  if (g_str_equal (model, IMAGEEDIT_MODEL))
    problem = validate_imageedit (root, &prompt, &url, &n, &ask);
  else
    problem = validate_create (root, &prompt, &url, &style, &n, &weight);
  function = ask.function;
  mask_url = ask.mask_url;
  if (problem != NULL)
    {
      respond_error (self, msg, 400, "InvalidParameter", problem);
      return;
    }

  if (key_is_at_task_limit (self, self->api_key, model))
    {
      respond_error (self, msg, 429, "Throttling", g_str_equal (model, IMAGEEDIT_MODEL)
                                                   ? "Only 2 tasks may be in progress at a time for this model."
                                                   : "Only 1 task may be in progress at a time for this model.");
      return;
    }

  /* The image-edit model takes the picture inline. */
  if (function != NULL && g_str_has_prefix (url, "data:"))
    {
      const char *refusal = NULL;

      inline_image = decode_data_uri (url, &refusal);
      if (inline_image == NULL)
        {
          respond_error (self, msg, 400, "InvalidParameter", refusal);
          return;
        }
    }
  /* The app sends a mask inline only; so does this simulator take it. */
  if (mask_url != NULL && !g_str_has_prefix (mask_url, "data:"))
    {
      respond_error (self, msg, 400, "InvalidURL", "The simulator takes mask_image_url as a data: URI only.");
      return;
    }

  /* No Chinese (or any non-ASCII) characters in the URL. */
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        respond_error (self, msg, 400, "InvalidURL", "The URL must not contain Chinese characters.");
        return;
      }

  if (g_str_has_prefix (url, "oss://"))
    {
      GBytes *stored;

      if (g_strcmp0 (soup_message_headers_get_one (headers, "X-DashScope-OssResourceResolve"), "enable") != 0)
        {
          respond_error (self, msg, 400, "InvalidURL", "oss:// URLs need the header X-DashScope-OssResourceResolve: enable.");
          return;
        }
      stored = g_hash_table_lookup (self->stored, url);
      if (stored == NULL)
        {
          respond_error (self, msg, 400, "InvalidURL", "The provided URL could not be downloaded.");
          return;
        }
    }

  fetch = g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://") ? soup_message_new (SOUP_METHOD_GET, url) : NULL;
  if (fetch == NULL && !g_str_has_prefix (url, "oss://") && inline_image == NULL)
    {
      respond_error (self, msg, 400, "InvalidURL", "The provided URL could not be downloaded.");
      return;
    }

  create = g_new0 (Create, 1);
  create->self = g_object_ref (self);
  create->msg = g_object_ref (msg);
  create->task = g_new0 (SimTask, 1);
  create->task->id = new_id ();
  create->task->key = g_strdup (self->api_key);
  create->task->model = g_strdup (model);
  create->task->function = g_steal_pointer (&function);
  create->task->factor = ask.factor;
  memcpy (create->task->scales, ask.scales, sizeof ask.scales);
  create->task->strength = ask.strength;
  create->task->mask_url = g_steal_pointer (&mask_url);
  create->task->prompt = g_steal_pointer (&prompt);
  create->task->style = style != NULL ? g_steal_pointer (&style) : g_strdup ("<auto>");
  create->task->n = n;
  create->task->weight = weight;
  create->task->fail = take_fault (self, FAULT_FAIL_TASK);
  if (take_fault (self, FAULT_EXTRA_RESULTS))
    create->task->extra_results = 2;
  if (take_fault (self, FAULT_PARTIAL))
    create->task->failed_slots = CLAMP (self->faults[FAULT_PARTIAL] > 0 ? self->faults[FAULT_PARTIAL] : 1, 1, n - 1 > 0 ? n - 1 : 1);

  if (inline_image != NULL)
    {
      check_sketch (create, inline_image);
      return;
    }
  if (fetch == NULL)
    {
      /* Temporary storage: the file is ours already. */
      check_sketch (create, g_hash_table_lookup (self->stored, url));
      return;
    }

  soup_server_message_pause (msg);
  create->paused = TRUE;
  soup_session_send_and_read_async (self->session, fetch, G_PRIORITY_DEFAULT, NULL, on_sketch_fetched, create);
}

/* FAULT_OUTAGE: the service is away from the first poll for the fault's ms. */
static gboolean
in_outage (SbSimServer *self)
{
  if (!self->fault_set[FAULT_OUTAGE])
    return FALSE;
  if (self->outage_start == 0)
    self->outage_start = g_get_monotonic_time ();
  return g_get_monotonic_time () - self->outage_start < self->faults[FAULT_OUTAGE] * (gint64) 1000;
}

static void
handle_query (SbSimServer       *self,
              SoupServerMessage *msg,
              const char        *task_id)
{
  g_autoptr(JsonNode) root = NULL;
  SimTask *task;

  if (!check_key (self, msg))
    return;

  if (take_fault (self, FAULT_REFUSE_POLL))
    {
      respond_error (self, msg, 401, "InvalidApiKey", "Invalid API-key provided.");
      return;
    }
  if (in_outage (self))
    {
      /* A real outage mixes both: a gateway's 503, a connection reset. */
      if (self->outage_polls++ % 2 == 0)
        respond_error (self, msg, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
      else
        drop_connection (self, msg, task_id);
      return;
    }
  if (take_fault (self, FAULT_DROP_POLL))
    {
      drop_connection (self, msg, task_id);
      return;
    }
  if (take_fault (self, FAULT_SERVER_ERROR_POLL))
    {
      respond_error (self, msg, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
      return;
    }
  if (take_fault (self, FAULT_THROTTLE_POLL))
    {
      respond_error (self, msg, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
      return;
    }
  if (take_fault (self, FAULT_MALFORMED_POLL))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"output\": {\"task_", 18);
      sim_log (self, "api", msg, 200, task_id, "malformed");
      return;
    }

  task = g_hash_table_lookup (self->tasks, task_id);
  if (task == NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *request_id = new_id ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, request_id);
      json_builder_set_member_name (builder, "output");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, task_id);
      json_builder_set_member_name (builder, "task_status");
      json_builder_add_string_value (builder, "UNKNOWN");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
    }
  else
    root = task_answer (self, task);

  respond_json (msg, 200, root);
  sim_log (self, "api", msg, 200, task_id, NULL);
}

static void
handle_cancel (SbSimServer       *self,
               SoupServerMessage *msg,
               const char        *task_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *request_id = new_id ();
  SimTask *task;

  if (!check_key (self, msg))
    return;

  task = g_hash_table_lookup (self->tasks, task_id);
  if (task == NULL || task_state (self, task) != TASK_PENDING)
    {
      respond_error (self, msg, 400, "UnsupportedOperation",
                     "Failed to cancel the task, please confirm if the task is in PENDING status.");
      return;
    }

  task->canceled = TRUE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, 200, root);
  sim_log (self, "api", msg, 200, task_id, "canceled");
}

/* GET /api/v1/uploads?action=getPolicy&model=…: a policy for temporary storage. */
static void
handle_policy (SbSimServer       *self,
               SoupServerMessage *msg)
{
  g_autofree char *upload_dir = NULL;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = g_uri_parse_params (query != NULL ? query : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *request_id = new_id ();
  g_autofree char *host = NULL;

  if (!check_key (self, msg))
    return;

  if (params == NULL || g_strcmp0 (g_hash_table_lookup (params, "action"), "getPolicy") != 0 ||
      g_hash_table_lookup (params, "model") == NULL)
    {
      respond_error (self, msg, 400, "InvalidParameter", "action=getPolicy and model are required.");
      return;
    }

  /* A policy lasts POLICY_SECONDS; a new one is issued after that. */
  if (self->policy == NULL || g_get_monotonic_time () >= self->policy_expires)
    {
      g_autofree char *id = new_id ();

      g_free (self->policy);
      g_free (self->policy_dir);
      self->policy = g_base64_encode ((const guchar *) id, strlen (id));
      self->policy_dir = g_strdup_printf ("dashscope-instant/sim/%s", id);
      self->policy_expires = g_get_monotonic_time () + POLICY_SECONDS * G_USEC_PER_SEC;
    }

  host = g_strdup_printf ("http://127.0.0.2:%u", self->files_port);
  upload_dir = echoed (self, sent_key (msg), self->policy_dir);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
#define MEMBER(name, value) json_builder_set_member_name (builder, name); json_builder_add_string_value (builder, value)
  MEMBER ("policy", self->policy);
  MEMBER ("signature", OSS_SIGNATURE_OF (self->policy));
  MEMBER ("upload_dir", upload_dir);
  MEMBER ("upload_host", host);
  MEMBER ("oss_access_key_id", OSS_ACCESS_KEY_ID);
  MEMBER ("x_oss_object_acl", "private");
  MEMBER ("x_oss_forbid_overwrite", "true");
#undef MEMBER
  json_builder_set_member_name (builder, "expire_in_seconds");
  json_builder_add_int_value (builder, POLICY_SECONDS);
  json_builder_set_member_name (builder, "max_file_size_mb");
  json_builder_add_int_value (builder, 100);
  json_builder_set_member_name (builder, "capacity_limit_mb");
  json_builder_add_int_value (builder, 999999);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, 200, root);
  sim_log (self, "api", msg, 200, NULL, "policy");
}

static void
oss_error (SbSimServer       *self,
           SoupServerMessage *msg,
           guint              status,
           const char        *code,
           const char        *message)
{
  g_autofree char *xml = g_markup_printf_escaped ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                                  "<Error><Code>%s</Code><Message>%s</Message></Error>",
                                                  code, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, xml, strlen (xml));
  sim_log (self, "files", msg, status, NULL, code);
}

/* POST / on the files host, as an OSS bucket takes a browser form upload. */
static void
handle_oss_form (SbSimServer       *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autofree char *object = NULL;
  GBytes *file = NULL;
  const char *key;
  int n_parts;

  if (multipart == NULL)
    {
      oss_error (self, msg, 400, "InvalidArgument", "The body must be multipart/form-data.");
      return;
    }

  n_parts = soup_multipart_get_length (multipart);
  for (int i = 0; i < n_parts; i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) disposition = NULL;
      const char *name;

      soup_multipart_get_part (multipart, i, &part_headers, &part_body);
      if (!soup_message_headers_get_content_disposition (part_headers, NULL, &disposition) ||
          (name = g_hash_table_lookup (disposition, "name")) == NULL)
        continue;

      /* OSS is strict about order: the known fields in sequence, file last. */
      if (i >= (int) G_N_ELEMENTS (oss_fields) || !g_str_equal (name, oss_fields[i]))
        {
          soup_multipart_free (multipart);
          oss_error (self, msg, 400, "InvalidArgument", "The form fields are missing or out of order.");
          return;
        }
      g_hash_table_insert (fields, g_strdup (name), g_bytes_ref (part_body));
    }
  soup_multipart_free (multipart);

  if (g_hash_table_size (fields) != G_N_ELEMENTS (oss_fields))
    {
      oss_error (self, msg, 400, "InvalidArgument", "The form fields are missing or out of order.");
      return;
    }

#define FIELD_IS(name, value) (g_bytes_get_size (g_hash_table_lookup (fields, name)) == strlen (value) && \
                               memcmp (g_bytes_get_data (g_hash_table_lookup (fields, name), NULL), value, strlen (value)) == 0)
  if (self->policy == NULL || !FIELD_IS ("policy", self->policy) ||
      !FIELD_IS ("Signature", OSS_SIGNATURE_OF (self->policy)) || !FIELD_IS ("OSSAccessKeyId", OSS_ACCESS_KEY_ID))
    {
      oss_error (self, msg, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match.");
      return;
    }
  if (g_get_monotonic_time () >= self->policy_expires)
    {
      oss_error (self, msg, 403, "AccessDenied", "Invalid according to Policy: Policy expired.");
      return;
    }
  if (!FIELD_IS ("x-oss-object-acl", "private") || !FIELD_IS ("x-oss-forbid-overwrite", "true") ||
      !FIELD_IS ("success_action_status", "200"))
    {
      oss_error (self, msg, 403, "AccessDenied", "Invalid according to Policy: Policy Condition failed.");
      return;
    }
#undef FIELD_IS

  object = g_strndup (g_bytes_get_data (g_hash_table_lookup (fields, "key"), NULL),
                      g_bytes_get_size (g_hash_table_lookup (fields, "key")));
  key = object;
  if (!g_str_has_prefix (key, self->policy_dir) || key[strlen (self->policy_dir)] != '/' ||
      strchr (key + strlen (self->policy_dir) + 1, '/') != NULL || key[strlen (self->policy_dir) + 1] == '\0')
    {
      oss_error (self, msg, 403, "AccessDenied", "Invalid according to Policy: Policy Condition failed.");
      return;
    }

  {
    g_autofree char *oss_url = g_strconcat ("oss://", key, NULL);

    if (g_hash_table_contains (self->stored, oss_url))
      {
        oss_error (self, msg, 409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
        return;
      }
    file = g_hash_table_lookup (fields, "file");
    g_hash_table_insert (self->stored, g_steal_pointer (&oss_url), g_bytes_ref (file));
  }

  soup_server_message_set_status (msg, 200, NULL);
  sim_log (self, "files", msg, 200, NULL, "oss-upload");
}

typedef struct {
  SbSimServer       *self;
  SoupServerMessage *msg;
  char              *path;
} Delayed;

static void handle_api_now (SbSimServer *self, SoupServerMessage *msg, const char *path);

static gboolean
on_slow_done (gpointer user_data)
{
  Delayed *delayed = user_data;

  soup_server_message_unpause (delayed->msg);
  handle_api_now (delayed->self, delayed->msg, delayed->path);
  g_object_unref (delayed->msg);
  g_object_unref (delayed->self);
  g_free (delayed->path);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
handle_api_now (SbSimServer       *self,
                SoupServerMessage *msg,
                const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* /api/v1/services/aigc/image2image/image-synthesis, /api/v1/tasks/{id}[/cancel] */
  if (g_str_equal (path, "/api/v1/services/aigc/image2image/image-synthesis") && g_str_equal (method, "POST"))
    handle_create (self, msg);
  else if (n == 5 && g_str_equal (parts[3], "tasks") && g_str_equal (method, "GET"))
    handle_query (self, msg, parts[4]);
  else if (n == 6 && g_str_equal (parts[3], "tasks") && g_str_equal (parts[5], "cancel") && g_str_equal (method, "POST"))
    handle_cancel (self, msg, parts[4]);
  else if (g_str_equal (path, "/api/v1/uploads") && g_str_equal (method, "GET"))
    handle_policy (self, msg);
  else
    respond_error (self, msg, 404, "NotFound", "No such endpoint.");
}

static void
handle_api (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SbSimServer *self = user_data;

  if (self->fault_set[FAULT_SLOW] && self->faults[FAULT_SLOW] > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      soup_server_message_pause (msg);
      g_timeout_add (self->faults[FAULT_SLOW], on_slow_done, delayed);
      return;
    }

  handle_api_now (self, msg, path);
}

/* The files host: result images, and anything PUT under /files/. */
static void
handle_files (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SbSimServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  GBytes *bytes;
  guint status;

  /* Held (a test's ordering): answered once released. */
  if (self->hold_uploads && (g_str_equal (method, "POST") || g_str_equal (method, "PUT")))
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      soup_server_message_pause (msg);
      g_ptr_array_add (self->held, delayed);
      return;
    }

  if (g_str_equal (method, "POST") && g_str_equal (path, "/"))
    {
      handle_oss_form (self, msg);
      return;
    }

  if (g_str_equal (method, "PUT") && g_str_has_prefix (path, "/files/") && strlen (path) > strlen ("/files/"))
    {
      g_hash_table_insert (self->stored, g_strdup (path),
                           soup_message_body_flatten (soup_server_message_get_request_body (msg)));
      status = 201;
      soup_server_message_set_status (msg, status, NULL);
    }
  else if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      status = 405;
      soup_server_message_set_status (msg, status, NULL);
    }
  else if (g_str_has_prefix (path, "/results/") && take_fault (self, FAULT_SERVER_ERROR_RESULTS))
    {
      status = 503;
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        "<Error><Code>ServiceUnavailable</Code></Error>", 46);
    }
  else if (g_str_has_prefix (path, "/results/") && take_fault (self, FAULT_EXPIRED_RESULTS))
    {
      status = 404;
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        "<Error><Code>NoSuchKey</Code></Error>", 37);
    }
  else if (g_str_has_prefix (path, "/results/") && take_fault (self, FAULT_NON_IMAGE_RESULTS))
    {
      status = 200;
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                        "<html>not an image</html>", 25);
    }
  else if (g_str_has_prefix (path, "/results/") && take_fault (self, FAULT_BOMB_RESULTS))
    {
      g_autoptr(GBytes) bomb = make_bomb_png ();

      status = 200;
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
    }
  else if ((bytes = g_hash_table_lookup (self->stored, path)) != NULL)
    {
      status = 200;
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, g_str_has_suffix (path, ".png") ? "image/png" : "application/octet-stream",
                                        SOUP_MEMORY_COPY, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    {
      status = 404;
      soup_server_message_set_status (msg, status, NULL);
    }

  sim_log (self, "files", msg, status, NULL, NULL);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              guint         length)
{
  guint8 be[4] = { length >> 24, length >> 16, length >> 8, length & 0xff };
  uLong crc = crc32 (0, (const Bytef *) type, 4);
  guint8 crc_be[4];

  if (length > 0)
    crc = crc32 (crc, data, length);
  crc_be[0] = crc >> 24, crc_be[1] = crc >> 16, crc_be[2] = crc >> 8, crc_be[3] = crc & 0xff;
  g_byte_array_append (png, be, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (png, data, length);
  g_byte_array_append (png, crc_be, 4);
}

/* A decompression bomb: a valid 30000×30000 greyscale PNG of zeros, about
 * 900 KB on the wire and 3.6 GB once decoded to RGBA. Made once, row by row
 * through zlib, so the simulator itself never holds the pixels. */
static GBytes *
make_bomb_png (void)
{
  static GBytes *bomb;
  enum { SIDE = 30000 };

  if (bomb == NULL)
    {
      static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
      g_autoptr(GByteArray) png = g_byte_array_new ();
      g_autoptr(GByteArray) idat = g_byte_array_new ();
      g_autofree guint8 *row = g_malloc0 (SIDE + 1);
      guint8 header[13] = { 0 }, out[65536];
      z_stream zs = { 0 };

      deflateInit (&zs, 9);
      for (int y = 0; y < SIDE; y++)
        {
          zs.next_in = row;
          zs.avail_in = SIDE + 1;
          do
            {
              zs.next_out = out;
              zs.avail_out = sizeof out;
              deflate (&zs, y == SIDE - 1 ? Z_FINISH : Z_NO_FLUSH);
              g_byte_array_append (idat, out, sizeof out - zs.avail_out);
            }
          while (zs.avail_out == 0 || (y == SIDE - 1 && zs.avail_in > 0));
        }
      deflateEnd (&zs);

      header[0] = SIDE >> 24, header[1] = SIDE >> 16, header[2] = SIDE >> 8, header[3] = SIDE & 0xff;
      memcpy (header + 4, header, 4);
      header[8] = 8;   /* bit depth; colour type 0: grey */
      g_byte_array_append (png, signature, sizeof signature);
      append_chunk (png, "IHDR", header, sizeof header);
      append_chunk (png, "IDAT", idat->data, idat->len);
      append_chunk (png, "IEND", NULL, 0);
      bomb = g_byte_array_free_to_bytes (g_steal_pointer (&png));
    }

  return g_bytes_ref (bomb);
}

static void
sb_sim_server_finalize (GObject *object)
{
  SbSimServer *self = SB_SIM_SERVER (object);

  g_clear_object (&self->api);
  g_clear_object (&self->files);
  g_clear_object (&self->session);
  g_clear_object (&self->log);
  g_clear_object (&self->history);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->policy, g_free);
  g_clear_pointer (&self->policy_dir, g_free);
  g_clear_pointer (&self->held, g_ptr_array_unref);   /* empty: each held one holds the server */
  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_clear_pointer (&self->stored, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_queue_clear_full (&self->creates, g_free);

  G_OBJECT_CLASS (sb_sim_server_parent_class)->finalize (object);
}

static void
sb_sim_server_class_init (SbSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_sim_server_finalize;
}

static void
sb_sim_server_init (SbSimServer *self)
{
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sim_task_free);
  self->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->held = g_ptr_array_new ();
  self->session = soup_session_new_with_options ("timeout", 30, NULL);
  self->started = g_get_monotonic_time ();
}

SbSimServer *
sb_sim_server_new (const char *api_key,
                   double      service_seconds)
{
  SbSimServer *self = g_object_new (SB_TYPE_SIM_SERVER, NULL);

  self->api_key = g_strdup (api_key);
  self->service_seconds = service_seconds;

  return self;
}

/* "NAME" or "NAME=N": N uses (default 1; -1 for always), or for slow the
 * delay in ms and for partial the number of failed images. */
gboolean
sb_sim_server_add_fault (SbSimServer  *self,
                         const char   *spec,
                         GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "=", 2);

  for (guint i = 0; i < N_FAULTS; i++)
    {
      gint64 value = 1;

      if (!g_str_equal (parts[0], fault_names[i]))
        continue;

      if (parts[1] != NULL && !g_ascii_string_to_signed (parts[1], 10, -1, G_MAXINT, &value, error))
        return FALSE;

      self->fault_set[i] = TRUE;
      self->faults[i] = value;
      /* partial=K fails K images of the next task; slow stays on. */
      if (i == FAULT_PARTIAL)
        self->faults[i] = value;
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown fault “%s”", parts[0]);
  return FALSE;
}

gboolean
sb_sim_server_set_log_file (SbSimServer  *self,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_clear_object (&self->log);
  self->log = G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error));

  return self->log != NULL;
}

/* The client's history folder: each create's log line then says whether
 * its entry was on disk when it arrived ("entry_on_disk"). */
void
sb_sim_server_set_history_directory (SbSimServer *self,
                                     GFile       *history)
{
  g_set_object (&self->history, history);
}

static guint
listen_on (SoupServer  *server,
           const char  *address,
           guint        port,
           GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  GSList *uris;
  guint bound;

  if (!soup_server_listen (server, socket_address, 0, error))
    return 0;

  uris = soup_server_get_uris (server);
  bound = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return bound;
}

gboolean
sb_sim_server_listen (SbSimServer  *self,
                      guint         port,
                      GError      **error)
{
  self->api = soup_server_new ("server-header", "sketchbloom-sim", NULL);
  self->files = soup_server_new ("server-header", "sketchbloom-sim-files", NULL);
  soup_server_add_handler (self->api, "/api/v1", handle_api, self, NULL);
  soup_server_add_handler (self->files, "/", handle_files, self, NULL);

  if (listen_on (self->api, "127.0.0.1", port, error) == 0)
    return FALSE;
  self->files_port = listen_on (self->files, "127.0.0.2", 0, error);

  return self->files_port != 0;
}

char *
sb_sim_server_get_base_url (SbSimServer *self)
{
  GSList *uris = soup_server_get_uris (self->api);
  char *url = g_strdup_printf ("http://127.0.0.1:%d/api/v1", g_uri_get_port (uris->data));

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/* Where PUT stores files: http://127.0.0.2:PORT/files/ */
char *
sb_sim_server_get_files_url (SbSimServer *self)
{
  return g_strdup_printf ("http://127.0.0.2:%u/files/", self->files_port);
}

/* How many requests were METHOD with a path starting with @path_prefix. */
guint
sb_sim_server_count_requests (SbSimServer *self,
                              const char  *method,
                              const char  *path_prefix)
{
  g_autofree char *prefix = g_strdup_printf ("%s %s", method, path_prefix);
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    count += g_str_has_prefix (g_ptr_array_index (self->requests, i), prefix);

  return count;
}

/* Puts a file on the files host, as a PUT to @path would. */
void
sb_sim_server_store (SbSimServer *self,
                     const char  *path,
                     GBytes      *bytes)
{
  g_hash_table_insert (self->stored, g_strdup (path), g_bytes_ref (bytes));
}

guint
sb_sim_server_count_tasks (SbSimServer *self)
{
  return g_hash_table_size (self->tasks);
}

/**
 * sb_sim_server_hold_uploads:
 *
 * While @hold, sketches uploaded to the files host (form POST or PUT) get
 * no answer; releasing answers every one held.
 */
void
sb_sim_server_hold_uploads (SbSimServer *self,
                            gboolean     hold)
{
  g_autoptr(GPtrArray) held = NULL;

  self->hold_uploads = hold;
  if (hold)
    return;

  held = g_steal_pointer (&self->held);
  self->held = g_ptr_array_new ();
  for (guint i = 0; i < held->len; i++)
    {
      Delayed *delayed = g_ptr_array_index (held, i);

      soup_server_message_unpause (delayed->msg);
      handle_files (self->files, delayed->msg, delayed->path, NULL, self);
      g_object_unref (delayed->msg);
      g_object_unref (delayed->self);
      g_free (delayed->path);
      g_free (delayed);
    }
}

/* How many uploads are being held. */
guint
sb_sim_server_count_held_uploads (SbSimServer *self)
{
  return self->held->len;
}
