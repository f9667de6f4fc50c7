package schemas

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validDuration reads ISO 8601 durations as the isodate library does:
// [sign]P[nY][nM][nW][nD][T[nH][nM][nS]], numbers may have a fraction.
func validDuration(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) < 2 || s[0] != 'P' {
		return false
	}
	s = s[1:]
	num := func(s string) (string, bool) {
		j := 0
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == 0 {
			return s, false
		}
		if j < len(s) && (s[j] == '.' || s[j] == ',') {
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k == j+1 {
				return s, false
			}
			j = k
		}
		return s[j:], true
	}
	units := "YMWD"
	for s != "" && s[0] != 'T' {
		rest, ok := num(s)
		if !ok || rest == "" {
			return false
		}
		u := strings.IndexByte(units, rest[0])
		if u < 0 {
			return false
		}
		units = units[u+1:]
		s = rest[1:]
	}
	if s == "" {
		return true
	}
	s = s[1:] // T
	units = "HMS"
	for s != "" {
		rest, ok := num(s)
		if !ok || rest == "" {
			return false
		}
		u := strings.IndexByte(units, rest[0])
		if u < 0 {
			return false
		}
		units = units[u+1:]
		s = rest[1:]
	}
	return true
}

// parseGeopoint reads "lon, lat" (form 0), [lon, lat] (1) or
// {"lon": …, "lat": …} (2), longitude within ±180 and latitude within ±90.
func parseGeopoint(s string, form int) (val, bool) {
	var lon, lat float64
	switch form {
	case 0:
		a, b, ok := strings.Cut(s, ",")
		if !ok || strings.Contains(b, ",") {
			return val{}, false
		}
		x, ok1 := parseNumber(strings.TrimSpace(a), false, ".", "", false)
		y, ok2 := parseNumber(strings.TrimSpace(b), false, ".", "", false)
		if !ok1 || !ok2 {
			return val{}, false
		}
		lon, lat = x.f, y.f
	case 1:
		var arr []json.Number
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&arr); err != nil || len(arr) != 2 || d.More() {
			return val{}, false
		}
		x, err1 := arr[0].Float64()
		y, err2 := arr[1].Float64()
		if err1 != nil || err2 != nil {
			return val{}, false
		}
		lon, lat = x, y
	default:
		var obj map[string]json.Number
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil || len(obj) != 2 {
			return val{}, false
		}
		x, err1 := obj["lon"].Float64()
		y, err2 := obj["lat"].Float64()
		if err1 != nil || err2 != nil {
			return val{}, false
		}
		lon, lat = x, y
	}
	if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return val{}, false
	}
	return val{s: strconv.FormatFloat(lon, 'g', -1, 64) + "," + strconv.FormatFloat(lat, 'g', -1, 64)}, true
}

// jsonKind returns '[' or '{' when s is a valid JSON array or object, 0
// otherwise.
func jsonKind(s string) byte {
	t := strings.TrimLeft(s, " \t\r\n")
	if t == "" || (t[0] != '[' && t[0] != '{') || !json.Valid([]byte(s)) {
		return 0
	}
	return t[0]
}

// jsonLen counts the items of a JSON array or the keys of an object.
func jsonLen(s string) int {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return 0
	}
	switch x := v.(type) {
	case []any:
		return len(x)
	case map[string]any:
		return len(x)
	}
	return 0
}

// canonicalJSON re-encodes a JSON value with sorted keys, to compare values.
func canonicalJSON(s string) string {
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return s
	}
	return string(b)
}

func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// validURI requires a scheme (as frictionless does, through rfc3986) and,
// stricter than frictionless, no whitespace or control character.
func validURI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	if i+1 == len(s) {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// validEmail checks local@domain: a dot-atom (or quoted) local part of at
// most 64 characters and a domain name with a top-level domain of two
// letters or more (Unicode letters allowed, as in internationalised names).
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > 320 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if utf8.RuneCountInString(local) > 64 {
		return false
	}
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		for _, r := range local[1 : len(local)-1] {
			if r < ' ' || r == '"' || r == '\\' {
				return false
			}
		}
	} else {
		if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
			return false
		}
		for _, r := range local {
			if r < 0x80 {
				if !(isAlnum(byte(r)) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~-.", r)) {
					return false
				}
			} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	if len(domain) > 253 {
		return false
	}
	if domain[0] == '[' && domain[len(domain)-1] == ']' {
		return len(domain) > 2
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || utf8.RuneCountInString(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r < 0x80 && (isAlnum(byte(r)) || r == '-') || r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > 4
	}
	if utf8.RuneCountInString(tld) < 2 {
		return false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// validGeoJSON checks the structure of a GeoJSON geometry, feature or
// feature collection (RFC 7946).
func validGeoJSON(s string) bool {
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&v) != nil || d.More() {
		return false
	}
	return geoObject(v, 0)
}

func geoObject(v any, depth int) bool {
	o, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return false
	}
	switch o["type"] {
	case "Feature":
		g, has := o["geometry"]
		if !has {
			return false
		}
		if g != nil && !geoGeometry(g, depth+1) {
			return false
		}
		if p, has := o["properties"]; has && p != nil {
			if _, ok := p.(map[string]any); !ok {
				return false
			}
		}
		return true
	case "FeatureCollection":
		fs, ok := o["features"].([]any)
		if !ok {
			return false
		}
		for _, f := range fs {
			if fo, ok := f.(map[string]any); !ok || fo["type"] != "Feature" || !geoObject(f, depth+1) {
				return false
			}
		}
		return true
	}
	return geoGeometry(v, depth)
}

func geoGeometry(v any, depth int) bool {
	o, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return false
	}
	if o["type"] == "GeometryCollection" {
		gs, ok := o["geometries"].([]any)
		if !ok {
			return false
		}
		for _, g := range gs {
			if !geoGeometry(g, depth+1) {
				return false
			}
		}
		return true
	}
	levels := map[any]int{"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
	lvl, ok := levels[o["type"]]
	if !ok {
		return false
	}
	return geoCoords(o["coordinates"], lvl)
}

func geoCoords(v any, lvl int) bool {
	a, ok := v.([]any)
	if !ok {
		return false
	}
	if lvl == 0 {
		if len(a) < 2 {
			return false
		}
		for _, n := range a {
			if _, ok := n.(json.Number); !ok {
				return false
			}
		}
		return true
	}
	for _, x := range a {
		if !geoCoords(x, lvl-1) {
			return false
		}
	}
	return true
}

// validTopoJSON checks a TopoJSON object as frictionless's topojson
// profile does: a Topology (objects holding geometries, arcs of positions)
// or a single geometry object (Point and MultiPoint with coordinates,
// LineString, MultiLineString, Polygon and MultiPolygon with arcs of
// integer indexes, GeometryCollection with geometries).
func validTopoJSON(s string) bool {
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&v) != nil || d.More() {
		return false
	}
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if b, present := o["bbox"]; present && !topoBBox(b) {
		return false
	}
	if o["type"] == "Topology" {
		return topoTopology(o)
	}
	return topoGeometry(o, 0)
}

func topoBBox(v any) bool {
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return false
	}
	for _, x := range a {
		if !topoNumbers(x, 0) {
			return false
		}
	}
	return true
}

// topoNumbers: an array of at least min numbers.
func topoNumbers(v any, min int) bool {
	a, ok := v.([]any)
	if !ok || len(a) < min {
		return false
	}
	for _, x := range a {
		if _, ok := x.(json.Number); !ok {
			return false
		}
	}
	return true
}

// topoArcs: integer indexes nested depth arrays deep (0: one integer).
func topoArcs(v any, depth int) bool {
	if depth == 0 {
		n, ok := v.(json.Number)
		_, err := strconv.ParseInt(string(n), 10, 64)
		return ok && err == nil
	}
	a, ok := v.([]any)
	if !ok {
		return false
	}
	for _, x := range a {
		if !topoArcs(x, depth-1) {
			return false
		}
	}
	return true
}

func topoGeometry(v any, depth int) bool {
	o, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return false
	}
	if id, present := o["id"]; present {
		n, isNum := id.(json.Number)
		_, isStr := id.(string)
		if _, err := strconv.ParseInt(string(n), 10, 64); !isStr && (!isNum || err != nil) {
			return false
		}
	}
	if p, present := o["properties"]; present {
		if _, ok := p.(map[string]any); !ok {
			return false
		}
	}
	switch o["type"] {
	case "Point":
		return topoNumbers(o["coordinates"], 2)
	case "MultiPoint":
		a, ok := o["coordinates"].([]any)
		for _, x := range a {
			ok = ok && topoNumbers(x, 2)
		}
		return ok
	case "LineString":
		return topoArcs(o["arcs"], 1)
	case "MultiLineString", "Polygon":
		return topoArcs(o["arcs"], 2)
	case "MultiPolygon":
		return topoArcs(o["arcs"], 3)
	case "GeometryCollection":
		a, ok := o["geometries"].([]any)
		for _, x := range a {
			ok = ok && topoGeometry(x, depth+1)
		}
		return ok
	}
	return false
}

func topoTopology(o map[string]any) bool {
	objects, ok := o["objects"].(map[string]any)
	if !ok {
		return false
	}
	for _, g := range objects {
		if !topoGeometry(g, 0) {
			return false
		}
	}
	arcs, ok := o["arcs"].([]any)
	if !ok {
		return false
	}
	for _, arc := range arcs {
		points, ok := arc.([]any)
		if !ok || len(points) < 2 {
			return false
		}
		for _, p := range points {
			if p != nil && !topoNumbers(p, 2) {
				return false
			}
		}
	}
	if t, present := o["transform"]; present {
		tr, ok := t.(map[string]any)
		if !ok || !topoNumbers(tr["scale"], 2) || !topoNumbers(tr["translate"], 2) {
			return false
		}
	}
	return true
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}
