# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Build entry for waf-era ns-3 source trees (ns-3.35 and older), with this repository cloned
# (or linked) as <ns-3>/contrib/lwm2m:
#
#   ./waf configure --enable-examples --enable-tests --enable-modules=lwm2m
#   ./waf build
#   ./test.py -s lwm2m-<suite>        ./waf --run "<scenario> --help"
#
# The module is C++17: ns-3.35 compiles with -std=c++17 by default; older trees compile
# with C++11 unless configured with --cxx-standard=-std=c++17, so this file adds -std=c++17
# to the lwm2m targets when the tree was configured with an older standard.
# Known limit: ns-3 before 3.37 cannot schedule lambdas (Simulator::Schedule) nor build a
# Callback from one, and the sources do both; with ns-3.35 this file configures and compiles
# the lambda-free sources, the others stop at those calls.
# On a machine that also has Debian's libns3-dev, -I/usr/include (Boost) exposes
# /usr/include/ns3: a header missing from build/ns3 is then silently taken from there.
# CMake-era ns-3 (3.36 and later) and the standalone build use CMakeLists.txt instead.

import os
import re

from waflib import Options

# ns-3 modules the lwm2m library links (same list as CMakeLists.txt).
LWM2M_NS3_DEPENDENCIES = ['core', 'network', 'internet', 'point-to-point', 'csma', 'applications',
                          'mobility', 'lr-wpan', 'sixlowpan', 'fd-net-device']

# Compiled Boost libraries the scenario programs need; ns-3's top-level wscript collects
# this list from every module (required_boost_libs) before it runs its Boost check.
REQUIRED_BOOST_LIBS = ['program_options']


def required_boost_libs(conf):
    conf.env['REQUIRED_BOOST_LIBS'] += REQUIRED_BOOST_LIBS


def options(opt):
    opt.add_option('--lwm2m-exclude-regex', action='store', default='',
                   dest='lwm2m_exclude_regex',
                   help='Regular expression of lwm2m source/test files to leave out of the '
                        'build (development aid, like -DLWM2M_EXCLUDE_REGEX in CMake)')


def _module_version(ctx):
    """The version in the standalone project() call of CMakeLists.txt (one source of truth)."""
    cmakelists = ctx.path.find_node('CMakeLists.txt')
    if cmakelists is not None:
        match = re.search(r'^project\(ns3-lwm2m VERSION ([0-9.]+)', cmakelists.read(),
                          re.MULTILINE)
        if match:
            return match.group(1)
    return '0.0.0'


def configure(conf):
    conf.env['LWM2M_EXCLUDE_REGEX'] = getattr(Options.options, 'lwm2m_exclude_regex', '')
    conf.env['LWM2M_VERSION'] = _module_version(conf)

    # The library itself needs no Boost; only the scenario programs do.
    have_po = False
    if hasattr(conf, 'missing_boost_libs'):
        missing = conf.missing_boost_libs('lwm2m', 'LwM2M scenario programs',
                                          REQUIRED_BOOST_LIBS, required=False)
        have_po = not missing
    else:
        # Trees without ns-3's Boost helpers (before ns-3.29): use waf's boost tool directly.
        try:
            conf.load('boost')
            conf.check_boost(lib='program_options', uselib_store='BOOST', mandatory=True)
            have_po = True
        except Exception:
            have_po = False
    conf.env['LWM2M_HAVE_BOOST_PROGRAM_OPTIONS'] = have_po
    conf.msg('Boost.Program_options for the lwm2m scenario programs', have_po)

    # The dtls layer links Mbed TLS 2.28 (Debian/Ubuntu: libmbedtls-dev).
    have_mbedtls = conf.check_cxx(lib=['mbedtls', 'mbedx509', 'mbedcrypto'],
                                  header_name='mbedtls/ssl.h', uselib_store='MBEDTLS',
                                  mandatory=False)
    conf.msg('Mbed TLS for the lwm2m dtls layer', bool(have_mbedtls))

    cxx_std = [flag for flag in conf.env['CXXFLAGS'] if flag.startswith('-std=')]
    old_std = ('-std=c++98', '-std=c++03', '-std=c++11', '-std=c++14',
               '-std=gnu++98', '-std=gnu++03', '-std=gnu++11', '-std=gnu++14')
    conf.env['LWM2M_FORCE_CXX17'] = (not cxx_std) or cxx_std[-1] in old_std


def _files(bld, patterns):
    """Relative paths (sorted) of the files matching the glob patterns, minus the excluded."""
    exclude = bld.env['LWM2M_EXCLUDE_REGEX']
    found = set()
    for pattern in patterns:
        for node in bld.path.ant_glob(pattern):
            found.add(node.path_from(bld.path))
    return sorted(f for f in found if not (exclude and re.search(exclude, f)))


def _set_cxx17(bld, task_generator):
    if bld.env['LWM2M_FORCE_CXX17']:
        task_generator.env.append_value('CXXFLAGS', '-std=c++17')


def build(bld):
    module = bld.create_ns3_module('lwm2m', LWM2M_NS3_DEPENDENCIES)
    module.source = _files(bld, ['contrib/**/*.cc'])
    module.defines = ['LWM2M_MODULE_VERSION="%s"' % bld.env['LWM2M_VERSION']]
    module.use.append('MBEDTLS')
    _set_cxx17(bld, module)

    headers = bld(features='ns3header')
    headers.module = 'lwm2m'
    headers.source = _files(bld, ['contrib/**/*.h'])

    test_sources = _files(bld, ['test/*-test-suite.cc', 'test/*-test-base.cc',
                               'test/test-hook-error-model.cc'])
    if test_sources:
        module_test = bld.create_ns3_module_test_library('lwm2m')
        module_test.source = test_sources
        module_test.defines = [
            'LWM2M_SOURCE_DIR="%s"' % bld.path.abspath(),
            'LWM2M_BINARY_DIR="%s"' % bld.path.get_bld().abspath(),
        ]
        _set_cxx17(bld, module_test)

    if bld.env['ENABLE_EXAMPLES'] and bld.env['LWM2M_HAVE_BOOST_PROGRAM_OPTIONS']:
        for source in _files(bld, ['examples/*.cc']):
            name = os.path.splitext(os.path.basename(source))[0]
            program = bld.create_ns3_program(name, ['lwm2m'] + LWM2M_NS3_DEPENDENCIES)
            program.source = source
            program.use.append('BOOST')
            _set_cxx17(bld, program)
