package jsonscan

// The tokens' grammar as functions of the data and a position, returning the position
// after the token: the scanner's methods and the skipping loop keep the position in a
// local instead of going through the scanner for every byte.

// spaceEnd returns the position of the first byte from i that is not whitespace.
func spaceEnd(d []byte, i int) int {
	for i < len(d) && d[i] <= ' ' && (d[i] == ' ' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
		i++
	}
	return i
}

// stringEnd reads the rest of a string whose opening quote is before i: the position
// after its closing quote; escaped when it has escapes or non-ASCII bytes.
func stringEnd(d []byte, i int) (end int, escaped, ok bool) {
	for {
		i = plainRun(d, i)
		if i >= len(d) {
			return i, escaped, false
		}
		switch c := d[i]; {
		case c == '"':
			return i + 1, escaped, true
		case c < 0x20:
			return i, escaped, false
		case c == '\\':
			escaped = true
			if i, ok = escapeEnd(d, i); !ok {
				return i, escaped, false
			}
		default: // the first byte of a non-ASCII character (or an invalid one)
			escaped = true
			i++
		}
	}
}

// escapeEnd reads the escape sequence whose backslash is at i, checking its form.
func escapeEnd(d []byte, i int) (int, bool) {
	i++ // the backslash
	if i >= len(d) {
		return i, false
	}
	switch d[i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 1, true
	case 'u':
		if len(d)-i < 5 {
			return i, false
		}
		for _, h := range d[i+1 : i+5] {
			if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
				return i, false
			}
		}
		return i + 5, true
	}
	return i, false
}

// numberEnd reads a number (JSON's grammar) from i.
func numberEnd(d []byte, i int) (int, bool) {
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		i = digitsEnd(d, i)
	default:
		return i, false
	}
	if i < len(d) && d[i] == '.' {
		if j := digitsEnd(d, i+1); j > i+1 {
			i = j
		} else {
			return j, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digitsEnd(d, i)
		return j, j > i
	}
	return i, true
}

func digitsEnd(d []byte, i int) int {
	for i < len(d) && d[i] >= '0' && d[i] <= '9' {
		i++
	}
	return i
}

// literalEnd reads word at i.
func literalEnd(d []byte, i int, word string) (int, bool) {
	if len(d)-i < len(word) || string(d[i:i+len(word)]) != word {
		return i, false
	}
	return i + len(word), true
}
