package image

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// dockerfile is what the agreement test reads from the repository's Dockerfile.
type dockerfile struct {
	// final holds the instructions of the last stage (the image users get), build the
	// instructions of the others; each instruction is one logical line.
	final, build []string
}

// readDockerfile parses ../../Dockerfile into logical instructions (continuations
// joined, comments dropped), split at the last FROM.
func readDockerfile() (*dockerfile, error) {
	f, err := os.Open(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var all []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		cont := strings.HasSuffix(line, `\`)
		cur.WriteString(strings.TrimSuffix(line, `\`) + " ")
		if !cont {
			all = append(all, strings.Join(strings.Fields(cur.String()), " "))
			cur.Reset()
		}
	}
	last := 0
	for i, ins := range all {
		if keyword(ins) == "FROM" {
			last = i
		}
	}
	return &dockerfile{final: all[last:], build: all[:last]}, sc.Err()
}

func keyword(ins string) string { return strings.ToUpper(strings.SplitN(ins, " ", 2)[0]) }

func args(ins string) string {
	parts := strings.SplitN(ins, " ", 2)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

// values returns the arguments of every instruction of the stage with that keyword.
func values(stage []string, kw string) []string {
	var out []string
	for _, ins := range stage {
		if keyword(ins) == kw {
			out = append(out, args(ins))
		}
	}
	return out
}

// execForm decodes ["a", "b"].
func execForm(s string) ([]string, error) {
	var v []string
	err := json.Unmarshal([]byte(s), &v)
	return v, err
}

// labelRE matches key=value or key="value" pairs of a LABEL instruction.
var labelRE = regexp.MustCompile(`([A-Za-z0-9._-]+)=("[^"]*"|\S+)`)

// labels collects the final stage's LABEL pairs, ARG references replaced by argValues.
func (d *dockerfile) labels(argValues map[string]string) map[string]string {
	out := map[string]string{}
	for _, l := range values(d.final, "LABEL") {
		for _, m := range labelRE.FindAllStringSubmatch(l, -1) {
			out[m[1]] = os.Expand(strings.Trim(m[2], `"`), func(k string) string { return argValues[k] })
		}
	}
	return out
}

// goBuild is the build stage's RUN instruction that runs go build.
func (d *dockerfile) goBuild() string {
	for _, r := range values(d.build, "RUN") {
		if strings.Contains(r, "go build") {
			return r
		}
	}
	return ""
}
