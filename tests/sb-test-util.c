/* sb-test-util.c: helpers shared by the tests that talk to the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>

#include "sb-json.h"
#include "sb-test-util.h"

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* @pixbuf as a PNG, as a test hands pictures to the code. */
GBytes *
sb_test_pixbuf_to_png (GdkPixbuf *pixbuf)
{
  g_autofree char *png = NULL;
  gsize length;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", NULL, NULL));
  return g_bytes_new_take (g_steal_pointer (&png), length);
}

/* A white PNG with one black diagonal stroke. */
GBytes *
sb_test_make_sketch_png (int width,
                         int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 8);
  cairo_move_to (cr, width * 0.2, height * 0.8);
  cairo_line_to (cr, width * 0.8, height * 0.2);
  cairo_stroke (cr);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_bytes, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

/* A GAsyncReadyCallback that keeps the result in *(GAsyncResult **) user_data. */
void
sb_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main loop until *result is set by sb_test_store_result(). */
GAsyncResult *
sb_test_wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Every request the simulator logged, as JSON nodes. */
GPtrArray *
sb_test_read_log (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (entries, sb_json_parse (lines[i], -1, NULL));

  return entries;
}

void
sb_test_remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      sb_test_remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

/* Resident memory of this process, in MB (for the benchmarks). */
double
sb_test_rss_mb (void)
{
  g_autofree char *status = NULL;
  char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* In the service's own thread: blocking is fine, and the client's main loop
 * runs on. Writes until the client hangs up. */
static gboolean
on_hostile_run (GThreadedSocketService *service,
                GSocketConnection      *connection,
                GObject                *source_object,
                gpointer                user_data)
{
  static const char headers[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
  SbTestHostile mode = GPOINTER_TO_INT (user_data);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *chunk = g_malloc (65536);
  char request[8192];

  memset (chunk, '[', 65536);
  if (mode == SB_TEST_HOSTILE_REDIRECT_OUT)
    {
      /* A documentation address (TEST-NET-3): never contacted. */
      static const char redirect[] = "HTTP/1.1 302 Found\r\nLocation: http://203.0.113.5/result.png\r\n"
                                     "Content-Length: 0\r\nConnection: close\r\n\r\n";

      if (g_input_stream_read (input, request, sizeof request, NULL, NULL) > 0)
        g_output_stream_write_all (output, redirect, strlen (redirect), NULL, NULL, NULL);
      return TRUE;
    }
  if (mode == SB_TEST_HOSTILE_REDIRECT_LOOP)
    {
      static const char loop[] = "HTTP/1.1 302 Found\r\nLocation: /again.png\r\n"
                                 "Content-Length: 0\r\nConnection: close\r\n\r\n";

      if (g_input_stream_read (input, request, sizeof request, NULL, NULL) > 0)
        g_output_stream_write_all (output, loop, strlen (loop), NULL, NULL, NULL);
      g_atomic_int_inc ((int *) g_object_get_data (G_OBJECT (service), "hops"));
      return TRUE;
    }
  if (g_input_stream_read (input, request, sizeof request, NULL, NULL) <= 0 ||
      !g_output_stream_write_all (output, headers, strlen (headers), NULL, NULL, NULL))
    return TRUE;

  if (mode == SB_TEST_HOSTILE_OTHER_TASK)
    {
      static const char other[] = "{\"request_id\":\"r\",\"output\":{\"task_id\":\"someone-else\","
                                  "\"task_status\":\"RUNNING\"}}";

      g_output_stream_write_all (output, other, strlen (other), NULL, NULL, NULL);
      return TRUE;
    }

  while (g_output_stream_write_all (output, chunk, mode == SB_TEST_HOSTILE_DRIP ? 1 : 65536, NULL, NULL, NULL))
    if (mode == SB_TEST_HOSTILE_DRIP)
      g_usleep (200 * 1000);

  return TRUE;
}

GSocketService *
sb_test_hostile_server_new (SbTestHostile   mode,
                            char          **base_url)
{
  GSocketService *service = g_threaded_socket_service_new (4);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (service), "hops", g_new0 (int, 1), g_free);
  g_signal_connect (service, "run", G_CALLBACK (on_hostile_run), GINT_TO_POINTER (mode));
  g_socket_service_start (service);
  *base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return service;
}

/* Just a PNG's signature and IHDR: what a decompression bomb shows before
 * its data (its size), and all a header check reads. */
GBytes *
sb_test_png_header (guint32 width,
                    guint32 height)
{
  guint8 data[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

  data[16] = width >> 24, data[17] = width >> 16, data[18] = width >> 8, data[19] = width;
  data[20] = height >> 24, data[21] = height >> 16, data[22] = height >> 8, data[23] = height;
  data[24] = 8;
  return g_bytes_new (data, sizeof data);
}
