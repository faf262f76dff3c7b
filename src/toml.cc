// TOML front matter read by toml++ and handed to C as json-c objects
// (toml.h). toml++ is C++: this file is the bridge, and nothing of C++
// crosses it (no exception, no type).
#include "toml.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <toml++/toml.h>

namespace {

json_object *to_json(const toml::node &node);

json_object *table_json(const toml::table &t)
{
    json_object *o = json_object_new_object();
    for (auto &&[key, value] : t)
        json_object_object_add(o, std::string(key.str()).c_str(), to_json(value));
    return o;
}

std::string two(int v)
{
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string date_text(const toml::date &d)
{
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", int(d.year), int(d.month), int(d.day));
    return b;
}

std::string time_text(const toml::time &t)
{
    return two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
}

json_object *to_json(const toml::node &node)
{
    switch (node.type()) {
    case toml::node_type::table:
        return table_json(*node.as_table());
    case toml::node_type::array: {
        json_object *a = json_object_new_array();
        for (const toml::node &item : *node.as_array())
            json_object_array_add(a, to_json(item));
        return a;
    }
    case toml::node_type::string:
        return json_object_new_string(node.as_string()->get().c_str());
    case toml::node_type::integer:
        return json_object_new_int64(node.as_integer()->get());
    case toml::node_type::floating_point:
        return json_object_new_double(node.as_floating_point()->get());
    case toml::node_type::boolean:
        return json_object_new_boolean(node.as_boolean()->get());
    case toml::node_type::date:
        return json_object_new_string(date_text(node.as_date()->get()).c_str());
    case toml::node_type::time:
        return json_object_new_string(time_text(node.as_time()->get()).c_str());
    case toml::node_type::date_time: {
        const toml::date_time &dt = node.as_date_time()->get();
        std::string s = date_text(dt.date) + "T" + time_text(dt.time);
        if (dt.offset) {
            int minutes = dt.offset->minutes;
            s += minutes < 0 ? "-" : "+";
            minutes = minutes < 0 ? -minutes : minutes;
            s += two(minutes / 60) + ":" + two(minutes % 60);
        }
        return json_object_new_string(s.c_str());
    }
    default:
        return nullptr;
    }
}

/* The table's JSON and its keys' lines. */
void fill(const toml::table &table, json_object **out, json_object **lines)
{
    *out = table_json(table);
    *lines = json_object_new_object();
    for (auto &&[key, value] : table)
        json_object_object_add(*lines, std::string(key.str()).c_str(),
                               json_object_new_int(int(value.source().begin.line)));
}

int failed(const toml::parse_error &e, char **err, int *line)
{
    *err = strdup(std::string(e.description()).c_str());
    *line = int(e.source().begin.line);
    return -EINVAL;
}

} // namespace

extern "C" int aloud_toml_parse(const char *text, size_t len, json_object **out,
                                json_object **lines, char **err, int *line)
{
    *out = nullptr;
    *lines = nullptr;
#if TOML_EXCEPTIONS
    try {
        fill(toml::parse(std::string_view(text, len)), out, lines);
        return 0;
    } catch (const toml::parse_error &e) {
        return failed(e, err, line);
    } catch (const std::exception &e) {
        *err = strdup(e.what());
        *line = 1;
        return -EINVAL;
    }
#else
    toml::parse_result result = toml::parse(std::string_view(text, len));
    if (!result)
        return failed(result.error(), err, line);
    fill(result.table(), out, lines);
    return 0;
#endif
}
